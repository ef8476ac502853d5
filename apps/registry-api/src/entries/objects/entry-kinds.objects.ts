import { Field, ObjectType } from '@nestjs/graphql';
import {
  AlgorithmDetailsObject,
  DatasetDetailsObject,
  IotDeploymentDetailsObject,
} from './kind-details.objects';
import { RegistryEntryInterface } from './registry-entry.interface';

@ObjectType('Algorithm', {
  implements: () => [RegistryEntryInterface],
  description: 'An algorithm the city uses.',
})
export class AlgorithmObject extends RegistryEntryInterface {
  @Field(() => AlgorithmDetailsObject) algorithm!: AlgorithmDetailsObject;
}

@ObjectType('Dataset', {
  implements: () => [RegistryEntryInterface],
  description: 'A dataset (DCAT-AP compatible).',
})
export class DatasetObject extends RegistryEntryInterface {
  @Field(() => DatasetDetailsObject) dataset!: DatasetDetailsObject;
}

@ObjectType('IotDeployment', {
  implements: () => [RegistryEntryInterface],
  description: 'Sensors deployed in public space.',
})
export class IotDeploymentObject extends RegistryEntryInterface {
  @Field(() => IotDeploymentDetailsObject) iotDeployment!: IotDeploymentDetailsObject;
}

export type EntryObject = AlgorithmObject | DatasetObject | IotDeploymentObject;
