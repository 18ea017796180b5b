import { ApiProperty } from '@nestjs/swagger';
import { IsBase64, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { VEIN_POSITIONS } from '#contracts';

export class TemporaryPinDto {
  @ApiProperty({ format: 'password', description: 'Given to the person out of band; unusable at the door until they change it' })
  @IsString() @MaxLength(32) temporaryPin!: string;
}

export class ChangePinDto {
  @ApiProperty({ example: 'S0004' }) @Matches(/^[A-Z][0-9]{3,15}$/) personNo!: string;
  @ApiProperty({ format: 'password' }) @IsString() @MaxLength(32) currentPin!: string;
  @ApiProperty({ format: 'password' }) @IsString() @MaxLength(32) newPin!: string;
}


export class EnrolVeinDto {
  @ApiProperty({ enum: VEIN_POSITIONS }) @Matches(new RegExp(`^(${VEIN_POSITIONS.join('|')})$`), { message: `position must be one of ${VEIN_POSITIONS.join(', ')}` }) position!: string;
  @ApiProperty({ description: 'Vendor template format byte (BIOMATCH format)', example: 0 }) @IsInt() @Min(0) @Max(255) format!: number;
  @ApiProperty({ description: 'The template from the enrolment station, base64 (stored sealed, never returned)' })
  @IsBase64() @MaxLength(16_384) template!: string;
}

export class VeinTemplateInfoDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: VEIN_POSITIONS }) position!: string;
  @ApiProperty() format!: number;
  @ApiProperty() enrolledAt!: string;
  @ApiProperty({ required: false }) enrolledBy?: string;
}

export class PinStatusDto {
  @ApiProperty({ enum: ['usable', 'locked', 'must-change', 'expired', 'missing'] }) state!: string;
  @ApiProperty({ required: false }) expiresAt?: string;
  @ApiProperty({ required: false }) lockedUntil?: string;
  @ApiProperty() failedAttempts!: number;
}
