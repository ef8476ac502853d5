import { Module } from '@nestjs/common';
import { PrinciplesService } from './principles/principles.service';

@Module({
  providers: [PrinciplesService],
  exports: [PrinciplesService],
})
export class RegistryModule {}
