import { DynamicModule, Module } from '@nestjs/common';
import { ConcernsModule } from '@insyn/concerns';
import { RegistryModule } from '@insyn/registry';
import { DepartmentsApiModule } from '../departments/departments-api.module';
import { RateLimitStorage } from '../http/rate-limit-storage';
import './concern-enums.graphql';
import {
  ConcernFieldsResolver,
  DepartmentConcernFiguresResolver,
  EntryConcernFieldsResolver,
  PublicConcernFieldsResolver,
  TrackedConcernFieldsResolver,
} from './concern-fields.resolver';
import { ConcernLoadersFactory } from './concern.loaders';
import {
  ConcernThrottle,
  ConcernThrottleOptions,
  DEFAULT_CONCERN_THROTTLE,
} from './concern-throttle';
import { ConcernsResolver } from './concerns.resolver';

/** Concerns over GraphQL: residents' operations (throttled), the department list and answers. */
@Module({})
export class ConcernsApiModule {
  static forRoot(throttle: ConcernThrottleOptions = DEFAULT_CONCERN_THROTTLE): DynamicModule {
    return {
      module: ConcernsApiModule,
      imports: [ConcernsModule, RegistryModule, DepartmentsApiModule],
      providers: [
        {
          provide: ConcernThrottle,
          inject: [RateLimitStorage],
          useFactory: (storage: RateLimitStorage) => new ConcernThrottle(storage, throttle),
        },
        ConcernLoadersFactory,
        ConcernsResolver,
        TrackedConcernFieldsResolver,
        ConcernFieldsResolver,
        PublicConcernFieldsResolver,
        DepartmentConcernFiguresResolver,
        EntryConcernFieldsResolver,
      ],
      // The site's concern forms count against the same throttle.
      exports: [ConcernThrottle],
    };
  }
}
