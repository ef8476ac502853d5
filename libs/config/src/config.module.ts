import { DynamicModule, Global, Module } from '@nestjs/common';
import { InsynConfig } from './insyn-config';

/** Makes the already-validated configuration injectable as `InsynConfig`. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: InsynConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: InsynConfig, useValue: config }],
      exports: [InsynConfig],
    };
  }
}
