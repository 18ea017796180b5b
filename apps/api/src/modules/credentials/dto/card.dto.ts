import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CARD_NUMBER_PATTERN } from '#contracts';

export class RegisterCardDto {
  @ApiProperty({
    format: 'password',
    description: 'The card number as the reader reports it: its raw bits in hex (OSDP RAW), 1–128 bytes. Stored only as a keyed hash, never returned.',
    example: '5a0001c0',
  })
  @Matches(CARD_NUMBER_PATTERN, { message: 'cardNumber must be the card’s raw bits in hex (whole bytes, 1 to 128)' })
  cardNumber!: string;

  @ApiPropertyOptional({ description: 'What is printed on the card, e.g. 職員証 2026-0412', example: '職員証 2026-0412' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) label?: string;
}

export class RevokeCardQuery {
  @ApiPropertyOptional({ example: '紛失届により失効' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class CardInfoDto {
  @ApiProperty() id!: string;
  @ApiProperty({ required: false }) label?: string;
  @ApiProperty({ description: 'First 32 hex digits of the keyed hash: how access-log records of card attempts name this card' })
  reference!: string;
  @ApiProperty() registeredAt!: string;
  @ApiProperty({ required: false }) registeredBy?: string;
  @ApiProperty({ required: false }) revokedAt?: string;
  @ApiProperty({ required: false }) revokeReason?: string;
}
