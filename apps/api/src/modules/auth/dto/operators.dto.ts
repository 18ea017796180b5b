import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { Role } from '../../../common/auth/role.js';

const ROLES = Object.values(Role);

export class CreateOperatorDto {
  @ApiProperty({ example: 'kanri.hanako' }) @Matches(/^[a-z0-9][a-z0-9_.-]{1,63}$/) username!: string;
  @ApiProperty({ format: 'password', description: 'Temporary: must be changed at first login' })
  @IsString() @MinLength(1) @MaxLength(200) temporaryPassword!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The person this operator is' }) @IsOptional() @IsUUID() personId?: string;
}

export class AssignRoleDto {
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: string;
  @ApiProperty({ example: '情報システム担当に任命 / appointed system staff' }) @IsString() @MinLength(3) @MaxLength(500) reason!: string;
}

export class NominateDeputyDto {
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() deputyOperatorId!: string;
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(500) reason!: string;
}

export class RoleAssignmentDto {
  @ApiProperty() id!: string;
  @ApiProperty() operatorId!: string;
  @ApiProperty() username!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ enum: ['active', 'pending-approval', 'revoked'] }) status!: string;
  @ApiPropertyOptional() deputyFor?: string;
  @ApiProperty() reason!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() approvedAt?: string;
}

export class OperatorDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiPropertyOptional() personId?: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty() mustChangePassword!: boolean;
  @ApiProperty() totpEnabled!: boolean;
  @ApiProperty() locked!: boolean;
  @ApiProperty() createdAt!: string;
}
