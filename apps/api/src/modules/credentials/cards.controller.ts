import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CurrentActor, RequirePermission, type Actor } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { IdParam } from '../../common/validation/params.dto.js';
import { CardsService } from './cards.service.js';
import { CardInfoDto, RegisterCardDto, RevokeCardQuery } from './dto/card.dto.js';

class CardParams extends IdParam {
  @IsUUID() cardId!: string;
}

@ApiTags('Door credentials')
@Controller('people/:id/cards')
export class CardsController {
  constructor(private readonly cards: CardsService) {}

  @Get()
  @RequirePermission(Permission.PeopleRead)
  @ApiOperation({ summary: 'IC staff cards of a person, live and revoked (never the card number)' })
  list(@Param() { id }: IdParam): Promise<CardInfoDto[]> {
    return this.cards.list(id);
  }

  @Post()
  @RequirePermission(Permission.CardIssue)
  @ApiOperation({ summary: 'Register an IC staff card as a door identifier (stored as a keyed hash; 409 if the card is live for anyone)' })
  register(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: RegisterCardDto): Promise<CardInfoDto> {
    return this.cards.register(actor, id, dto.cardNumber, dto.label);
  }

  @Delete(':cardId')
  @HttpCode(204)
  @RequirePermission(Permission.CardIssue)
  @ApiOperation({ summary: 'Revoke a card (lost, returned, replaced): the doors stop accepting it within seconds' })
  async revoke(@CurrentActor() actor: Actor, @Param() { id, cardId }: CardParams, @Query() q: RevokeCardQuery): Promise<void> {
    await this.cards.revoke(actor, id, cardId, q.reason);
  }
}
