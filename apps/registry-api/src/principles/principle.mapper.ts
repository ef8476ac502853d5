import { PrincipleEntity } from '@insyn/registry';
import { PrincipleObject } from './principle.object';

export type Language = 'sv' | 'en';

export function toPrincipleObject(
  entity: PrincipleEntity,
  language: Language = 'en',
): PrincipleObject {
  return {
    code: entity.code,
    titleEn: entity.titleEn,
    titleSv: entity.titleSv,
    title: language === 'sv' ? entity.titleSv : entity.titleEn,
  };
}
