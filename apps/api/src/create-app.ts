import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { PinoLoggerService } from './common/logging/pino-logger.service.js';
import { createLogger, requestLogging } from './common/logging/request-logging.js';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter.js';
import { createValidationPipe } from './common/errors/validation.js';
import type { AppConfig } from './config/app-config.js';
import { migrateAsOwner } from './database/migrate.js';

/** Builds the api exactly as production runs it (tests use this too). Call `listen` on the result. */
export interface AppOptions {
  /** Where log lines go instead of stdout. */
  logStream?: NodeJS.WritableStream;
}

export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<NestExpressApplication> {
  if (config.dbRole) await migrateAsOwner(config.databaseUrl);
  const logger = createLogger(config.logLevel, options.logStream);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger: new PinoLoggerService(logger) });
  app.use(requestLogging(logger));
  // HR exports arrive as raw bytes: they may be Shift_JIS, decoded by the import itself.
  app.useBodyParser('raw', { type: ['text/csv', 'application/csv'], limit: '20mb' });
  app.disable('x-powered-by');
  app.setGlobalPrefix('api/v1');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Server-room access control API')
      .setDescription('入退室管理: doors, decisions, the access log and the entry ledger (入退室管理簿).')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
