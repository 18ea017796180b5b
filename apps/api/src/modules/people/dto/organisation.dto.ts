import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

export class CreateOrgUnitDto {
  @ApiProperty({ example: 'SOUMU-JOHO' }) @Matches(/^[A-Za-z0-9_.-]{1,32}$/) code!: string;
  @ApiProperty({ enum: ['department', 'section'] }) @IsIn(['department', 'section']) kind!: 'department' | 'section';
  @ApiPropertyOptional({ format: 'uuid', description: 'The department of a section' })
  @ValidateIf((o: CreateOrgUnitDto) => o.kind === 'section') @IsUUID() parentId?: string;
  @ApiProperty({ example: '情報政策課' }) @IsString() @MinLength(1) @MaxLength(100) nameJa!: string;
  @ApiPropertyOptional({ example: 'IT Policy Div.' }) @IsOptional() @IsString() @MaxLength(100) nameEn?: string;
}

export class OrgUnitDto {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() kind!: string;
  @ApiPropertyOptional() parentId?: string;
  @ApiProperty() nameJa!: string;
  @ApiProperty() nameEn!: string;
}

export class CreateCompanyDto {
  @ApiProperty({ example: '架空システム保守株式会社' }) @IsString() @MinLength(1) @MaxLength(200) nameJa!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) nameEn?: string;
  @ApiProperty({ example: '覚書 R8-情-012', description: 'Reference of the signed agreement (覚書)' }) @IsString() @MinLength(1) @MaxLength(100) agreementRef!: string;
  @ApiProperty({ example: '2026-04-01' }) @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/) agreementValidFrom!: string;
  @ApiProperty({ example: '2027-03-31' }) @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/) agreementValidUntil!: string;
  @ApiProperty({ description: 'Confidentiality agreement on file' }) @IsBoolean() confidentialityAgreement!: boolean;
}

export class UpdateCompanyDto extends PartialType(CreateCompanyDto) {}

export class CompanyDto {
  @ApiProperty() id!: string;
  @ApiProperty() nameJa!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty() agreementRef!: string;
  @ApiProperty() agreementValidFrom!: string;
  @ApiProperty() agreementValidUntil!: string;
  @ApiProperty() confidentialityAgreement!: boolean;
  @ApiProperty({ description: 'The agreement covers today' }) agreementCurrent!: boolean;
}
