import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
export const PERSON_STATUSES = ['active', 'suspended', 'on-leave', 'transferred', 'retired'] as const;
export const EMPLOYMENT_TYPES = ['regular', 'part-time', 'temporary'] as const;

export class CreatePersonDto {
  @ApiProperty({ example: 'S0004', description: 'Staff number (S…) or contractor worker number (C…); keyed at the door' })
  @Matches(/^[A-Z][0-9]{3,15}$/, { message: 'personNo must be a capital letter followed by 3–15 digits' }) personNo!: string;
  @ApiProperty({ enum: ['staff', 'contractor'] }) @IsIn(['staff', 'contractor']) kind!: 'staff' | 'contractor';
  @ApiProperty({ example: '情報' }) @trim() @IsString() @MinLength(1) @MaxLength(50) familyName!: string;
  @ApiProperty({ example: '四郎' }) @trim() @IsString() @MinLength(1) @MaxLength(50) givenName!: string;
  @ApiProperty({ example: 'ジョウホウ シロウ' }) @trim() @Matches(/^[\u30A0-\u30FF\u3000 ]+$/, { message: 'nameKana must be katakana' }) @MaxLength(100) nameKana!: string;
  @ApiPropertyOptional({ enum: EMPLOYMENT_TYPES, description: 'Staff only' })
  @ValidateIf((o: CreatePersonDto) => o.kind === 'staff') @IsIn(EMPLOYMENT_TYPES) employmentType?: (typeof EMPLOYMENT_TYPES)[number];
  @ApiPropertyOptional({ format: 'uuid', description: 'Staff: their section (or department)' })
  @ValidateIf((o: CreatePersonDto) => o.kind === 'staff') @IsUUID() orgUnitId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Contractors: their company' })
  @ValidateIf((o: CreatePersonDto) => o.kind === 'contractor') @IsUUID() companyId?: string;
}

export class UpdatePersonDto extends PartialType(PickType(CreatePersonDto, ['familyName', 'givenName', 'nameKana', 'employmentType', 'orgUnitId', 'companyId'] as const)) {
  @ApiPropertyOptional({ enum: PERSON_STATUSES, description: 'retired / transferred end all access at once and delete vein templates' })
  @IsOptional() @IsIn(PERSON_STATUSES) status?: (typeof PERSON_STATUSES)[number];
  @ApiPropertyOptional({ description: 'Why (kept in the audit record)' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class ListPeopleQuery {
  @ApiPropertyOptional({ enum: ['staff', 'contractor'] }) @IsOptional() @IsIn(['staff', 'contractor']) kind?: string;
  @ApiPropertyOptional({ enum: PERSON_STATUSES }) @IsOptional() @IsIn(PERSON_STATUSES) status?: string;
  @ApiPropertyOptional({ description: 'Person number prefix or part of a name (kanji or kana)' }) @IsOptional() @IsString() @MaxLength(50) q?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() companyId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orgUnitId?: string;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit: number = 100;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset: number = 0;
}

export class PersonDto {
  @ApiProperty() id!: string;
  @ApiProperty() personNo!: string;
  @ApiProperty({ enum: ['staff', 'contractor'] }) kind!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty() nameKana!: string;
  @ApiProperty({ description: 'Department / section or company, Japanese' }) affiliationJa!: string;
  @ApiProperty() affiliationEn!: string;
  @ApiProperty({ enum: PERSON_STATUSES }) status!: string;
  @ApiPropertyOptional({ enum: EMPLOYMENT_TYPES }) employmentType?: string;
  @ApiPropertyOptional() orgUnitId?: string;
  @ApiPropertyOptional() companyId?: string;
  @ApiProperty({ description: 'Digits keyed at the door reader' }) keypadCode!: string;
  @ApiProperty({ description: 'Whether a PIN is set (the PIN itself is never returned)' }) hasPin!: boolean;
  @ApiProperty({ description: 'Enrolled vein positions (templates are never returned)', type: [String] }) veinPositions!: string[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class PeoplePageDto {
  @ApiProperty({ type: [PersonDto] }) items!: PersonDto[];
  @ApiProperty() total!: number;
}

export const IDENTITY_DOCUMENTS = ['drivers-licence', 'passport', 'my-number-card', 'residence-card', 'health-insurance-card', 'employee-id', 'other'] as const;

export class IdentityCheckDto {
  @ApiProperty({ enum: IDENTITY_DOCUMENTS }) @IsIn(IDENTITY_DOCUMENTS) documentType!: string;
  @ApiProperty({ example: '1234', description: 'Last 4 characters of the document number only (never the whole number)' })
  @Matches(/^[0-9A-Za-z]{1,4}$/, { message: 'last4 must be at most the last 4 letters or digits' }) last4!: string;
}
