import { Controller, Get, Header } from '@nestjs/common';
import { readPublishedSchema, SCHEMA_FILE_PATH } from './published-schema';

/**
 * GET /graphql/schema.graphql: the GraphQL schema (SDL) for everyone, since production answers
 * introspection to token holders only. Read once, at start.
 */
@Controller()
export class PublishedSchemaController {
  private readonly sdl = readPublishedSchema();

  @Get(SCHEMA_FILE_PATH)
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  schema(): string {
    return this.sdl;
  }
}
