import { DynamicModule, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { InsynConfig } from '@insyn/config';
import { RegistryModule } from '@insyn/registry';
import { StandardsModule } from '@insyn/standards';
import { FILE_LOG, FileExceptionFilter } from '../http/file-exception.filter';
import { SignsController } from '../signs/signs.controller';
import { ExportsController } from './exports.controller';

/** The public exports (/exports) and sensor signs (/signs) over HTTP. */
@Module({})
export class ExportsApiModule {
  static forRoot(config: InsynConfig, log: Logger): DynamicModule {
    return {
      module: ExportsApiModule,
      imports: [
        RegistryModule,
        StandardsModule.forRoot({
          publicUrl: config.publicUrl,
          organisationName: config.INSYN_ORGANISATION_NAME,
        }),
      ],
      controllers: [ExportsController, SignsController],
      providers: [{ provide: FILE_LOG, useValue: log }, FileExceptionFilter],
    };
  }
}
