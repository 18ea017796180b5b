import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { ArrayMinSize, IsArray, IsIn, IsISO8601, IsString, MaxLength, MinLength } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { CurrentActor, RequirePermission, type Actor } from '../../common/auth/decorators.js';
import { ALL_PERMISSIONS, Permission } from '../../common/auth/permission.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { IdParam } from '../../common/validation/params.dto.js';
import { AuditService } from '../audit/audit.service.js';
import { ApiTokenEntity } from './operator.entities.js';
import { API_TOKEN_PREFIX, tokenHash } from './sessions.service.js';

class CreateApiTokenDto {
  @ApiProperty({ example: 'HR system nightly import' }) @IsString() @MinLength(3) @MaxLength(100) name!: string;
  @ApiProperty({ enum: ALL_PERMISSIONS, isArray: true }) @IsArray() @ArrayMinSize(1) @IsIn(ALL_PERMISSIONS, { each: true }) scopes!: string[];
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) expiresAt!: string;
}

class ApiTokenDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ required: false }) lastUsedAt?: string;
}

class IssuedApiTokenDto extends ApiTokenDto {
  @ApiProperty({ description: 'Shown once; only its hash is stored' }) token!: string;
}

const MAX_TOKEN_LIFETIME_MS = 366 * 86_400_000;

/** Scoped, expiring API tokens for integrations (HR system, monitoring); they act as their operator, within scope. */
@ApiTags('API tokens')
@Controller('api-tokens')
export class ApiTokensController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @RequirePermission(Permission.ApiTokensManage)
  async list(@CurrentActor() actor: Actor): Promise<ApiTokenDto[]> {
    const rows = await this.dataSource.getRepository(ApiTokenEntity).find({ where: { operatorId: actor.operatorId, revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
    return rows.map(toDto);
  }

  @Post()
  @RequirePermission(Permission.ApiTokensManage)
  @ApiOperation({ summary: 'Issue a token with some of my permissions as scopes; the token is shown once' })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateApiTokenDto): Promise<IssuedApiTokenDto> {
    const expiresAt = new Date(dto.expiresAt);
    if (expiresAt.getTime() <= Date.now() || expiresAt.getTime() > Date.now() + MAX_TOKEN_LIFETIME_MS) {
      throw new AppError(ErrorCode.ValidationFailed, 'Validation failed', undefined, [{ field: 'expiresAt', message: 'expiresAt must be in the future and within a year' }]);
    }
    const beyond = dto.scopes.filter((s) => !actor.permissions.has(s as Permission));
    if (beyond.length > 0) throw new AppError(ErrorCode.Forbidden, 'Forbidden', `You do not hold: ${beyond.join(', ')}.`);
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = { id: uuidv7(), operatorId: actor.operatorId, name: dto.name, tokenHash: tokenHash(token), scopes: [...new Set(dto.scopes)].sort(), expiresAt };
    await this.dataSource.transaction(async (m) => {
      await m.insert(ApiTokenEntity, row);
      await this.audit.record(m, actor, { action: 'api-token.issued', target: { type: 'api-token', id: row.id }, after: { name: row.name, scopes: row.scopes, expiresAt } });
    });
    return { ...toDto({ ...row, lastUsedAt: null } as ApiTokenEntity), token };
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.ApiTokensManage)
  async revoke(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const result = await m.update(ApiTokenEntity, { id, operatorId: actor.operatorId, revokedAt: IsNull() }, { revokedAt: new Date() });
      if (!result.affected) throw new AppError(ErrorCode.NotFound, 'Token not found', `No live token ${id}.`);
      await this.audit.record(m, actor, { action: 'api-token.revoked', target: { type: 'api-token', id } });
    });
  }
}

function toDto(r: ApiTokenEntity): ApiTokenDto {
  return { id: r.id, name: r.name, scopes: r.scopes, expiresAt: r.expiresAt.toISOString(), lastUsedAt: r.lastUsedAt?.toISOString() };
}
