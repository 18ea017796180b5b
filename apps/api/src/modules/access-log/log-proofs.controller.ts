import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { RequirePermission } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AccessLogRepository } from './access-log.repository.js';
import { LogProofsService } from './log-proofs.service.js';
import { LogSigner } from './log-signer.js';
import { LogTreeRepository } from './log-tree.repository.js';

class InclusionQuery {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) idx!: number;
  @ApiProperty({ description: 'Tree size, normally that of a checkpoint' }) @Type(() => Number) @IsInt() @Min(1) size!: number;
}
class ConsistencyQuery {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) from!: number;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) to!: number;
}
class PageQuery {
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) after: number = 0;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit: number = 100;
}
class RecordsQuery {
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) start: number = 0;
  @ApiPropertyOptional({ default: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) limit: number = 1000;
}

const b64 = (b: Buffer | null | undefined) => (b ? Buffer.from(b).toString('base64') : undefined);

@ApiTags('Tamper evidence')
@Controller('log')
export class LogProofsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tree: LogTreeRepository,
    private readonly proofs: LogProofsService,
    private readonly signer: LogSigner,
    private readonly records: AccessLogRepository,
  ) {}

  @Get()
  @RequirePermission(Permission.AccessLogRead)
  @ApiOperation({ summary: 'The log head, the latest signed checkpoint, the verifier key to trust and the retention period' })
  async head() {
    const head = await this.tree.head();
    const latest = await this.tree.latestCheckpoint();
    return {
      origin: this.config.log.origin,
      size: head.size,
      root: b64(head.root),
      verifierKey: await this.signer.verifierKey(),
      // Every key an auditor needs for the whole log: those that signed earlier checkpoints (retired ones too),
      // then the keys signing now (two while a rotation overlaps).
      verifierKeys: [...new Set([...(await this.tree.recordedVerifierKeys()), ...(await this.signer.verifierKeys())])],
      latestCheckpoint: latest ? { size: latest.size, note: latest.note, createdAt: latest.createdAt.toISOString() } : undefined,
      retentionDays: this.config.log.retentionDays,
    };
  }

  @Get('checkpoints')
  @RequirePermission(Permission.AccessLogRead)
  @ApiOperation({ summary: 'Signed checkpoints (C2SP signed notes), oldest first' })
  async checkpoints(@Query() q: PageQuery) {
    return (await this.tree.checkpoints(q.after, q.limit)).map((c) => ({ size: c.size, root: b64(c.root), note: c.note, keyId: c.keyId, createdAt: c.createdAt.toISOString() }));
  }

  @Get('proofs/inclusion')
  @RequirePermission(Permission.AccessLogRead)
  @ApiOperation({ summary: 'RFC 9162 inclusion proof of record `idx` in the tree of `size` records' })
  async inclusion(@Query() q: InclusionQuery) {
    const p = await this.proofs.inclusion(q.idx, q.size);
    return { idx: p.idx, size: p.size, leafHash: b64(p.leafHash), proof: p.proof.map((h) => b64(h)) };
  }

  @Get('proofs/consistency')
  @RequirePermission(Permission.AccessLogRead)
  @ApiOperation({ summary: 'RFC 9162 consistency proof between the trees of `from` and `to` records' })
  async consistency(@Query() q: ConsistencyQuery) {
    const p = await this.proofs.consistency(q.from, q.to);
    return { from: p.from, to: p.to, proof: p.proof.map((h) => b64(h)) };
  }

  @Get('records')
  @RequirePermission(Permission.AccessLogRead)
  @ApiOperation({ summary: 'Records in index order with their leaf hashes (what the offline verifier checks); a record pruned by retention is `{ idx, leafHash, pruned: true }`' })
  async list(@Query() q: RecordsQuery) {
    const rows = await this.records.entries(q.start, q.limit);
    return rows.map(({ leafHash, ...r }) => ('pruned' in r
      ? { idx: r.idx, leafHash: b64(leafHash), pruned: true }
      : { ...r, occurredAt: r.occurredAt.toISOString(), recordedAt: r.recordedAt.toISOString(), leafHash: b64(leafHash) }));
  }
}
