import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CurrentActor, RequirePermission, type Actor } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { AreasService } from './areas.service.js';

export class AreaIdParam {
  @ApiProperty({ example: 'area-a' }) @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/) id!: string;
}

class ReasonDto {
  @ApiProperty({ example: '不審者情報のため / suspicious person reported' }) @IsString() @MinLength(3) @MaxLength(500) reason!: string;
}

export class AreaDto {
  @ApiProperty() id!: string;
  @ApiProperty() nameJa!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty() floor!: number;
  @ApiProperty({ description: 'Policy 3(2)①イ: managed areas must not be on the basement or ground floor' }) floorCompliant!: boolean;
  @ApiProperty() inside!: number;
  @ApiProperty() twoPersonRule!: boolean;
  @ApiPropertyOptional() closingTime?: string;
  @ApiPropertyOptional() lockdownAt?: string;
  @ApiPropertyOptional() lockdownReason?: string;
}

@ApiTags('Areas')
@Controller('areas')
export class AreasController {
  constructor(private readonly areas: AreasService) {}

  @Get()
  @RequirePermission(Permission.AreasRead)
  list(): Promise<AreaDto[]> {
    return this.areas.list();
  }

  @Post(':id/lockdown')
  @HttpCode(200)
  @RequirePermission(Permission.AreasLockdown)
  @ApiOperation({ summary: 'Lock the area down: every entry is denied until release; people inside can still leave' })
  lockdown(@CurrentActor() actor: Actor, @Param() { id }: AreaIdParam, @Body() dto: ReasonDto): Promise<AreaDto> {
    return this.areas.setLockdown(actor, id, true, dto.reason);
  }

  @Post(':id/release')
  @HttpCode(200)
  @RequirePermission(Permission.AreasLockdown)
  release(@CurrentActor() actor: Actor, @Param() { id }: AreaIdParam, @Body() dto: ReasonDto): Promise<AreaDto> {
    return this.areas.setLockdown(actor, id, false, dto.reason);
  }
}
