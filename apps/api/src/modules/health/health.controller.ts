import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/decorators.js';
import { BridgeRegistry } from '../hardware-gateway/bridge-registry.js';
import { ClockWatch } from '../hardware-gateway/clock-watch.js';
import { MqttStats } from '../hardware-gateway/mqtt-stats.js';

class ComponentHealthDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiPropertyOptional() latencyMs?: number;
  @ApiPropertyOptional() error?: string;
}

class MqttTrafficDto {
  @ApiProperty() received!: number;
  @ApiProperty({ description: 'Payloads dropped because they failed validation' }) invalid!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) invalidByKind!: Record<string, number>;
}

class BridgeHealthDto {
  @ApiProperty() bridgeId!: string;
  @ApiProperty({ enum: ['online', 'offline'] }) state!: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt!: string;
  @ApiPropertyOptional({ description: 'Bridge clock minus api clock at the last heartbeat' }) clockOffsetMs?: number;
  @ApiProperty({ description: 'The clock offset is past ACS_CLOCK_OFFSET_ALARM_MS' }) clockAlarm!: boolean;
  @ApiPropertyOptional() cacheVersion?: number;
  @ApiPropertyOptional() outboxDepth?: number;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty({ format: 'date-time' }) time!: string;
  @ApiProperty({ type: ComponentHealthDto }) database!: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) broker!: ComponentHealthDto;
  @ApiProperty({ type: MqttTrafficDto }) mqtt!: MqttTrafficDto;
  @ApiProperty({ type: [BridgeHealthDto] }) bridges!: BridgeHealthDto[];
}

@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mqtt: MqttStats,
    private readonly bridges: BridgeRegistry,
    private readonly clocks: ClockWatch,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Database and broker status (503 when either is down)' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const database = await this.pingDatabase();
    const broker: ComponentHealthDto = this.mqtt.connected ? { status: 'up' } : { status: 'down', error: this.mqtt.lastError };
    const ok = database.status === 'up' && broker.status === 'up';
    res.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'degraded',
      time: new Date().toISOString(),
      database,
      broker,
      mqtt: { ...this.mqtt.totals(), invalidByKind: { ...this.mqtt.invalid } },
      bridges: this.bridges.list().map((b) => ({ ...b, lastSeenAt: b.lastSeenAt.toISOString(), clockAlarm: this.clocks.isAlarmed(b.bridgeId) })),
    };
  }

  private async pingDatabase(): Promise<ComponentHealthDto> {
    const started = performance.now();
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'up', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
    } catch (err) {
      return { status: 'down', error: (err as Error).message };
    }
  }
}
