import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin' }) @IsString() @MinLength(1) @MaxLength(64) username!: string;
  @ApiProperty({ format: 'password' }) @IsString() @MinLength(1) @MaxLength(200) password!: string;
  @ApiPropertyOptional({ description: 'Required once TOTP is enabled for the operator', example: '123456' })
  @IsOptional() @Matches(/^\d{6}$/) totpCode?: string;
}

export class SessionResponseDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ enum: ['full', 'password-change'], description: 'password-change: only POST /auth/password is allowed' })
  stage!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' }) @IsString() @MinLength(1) @MaxLength(200) currentPassword!: string;
  @ApiProperty({ format: 'password' }) @IsString() @MinLength(1) @MaxLength(200) newPassword!: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456' }) @Matches(/^\d{6}$/) code!: string;
}

export class MeDto {
  @ApiProperty() operatorId!: string;
  @ApiProperty() username!: string;
  @ApiPropertyOptional() personId?: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ type: [String] }) permissions!: string[];
  @ApiProperty({ enum: ['session', 'api-token'] }) via!: string;
  @ApiProperty({ enum: ['full', 'password-change'] }) stage!: string;
}
