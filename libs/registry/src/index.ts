export * from './principles/principle.entity';
export * from './principles/principles.service';
export * from './registry.entities';
export * from './registry.module';
