import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendSite } from '../site/http/site-response';
import { readPublishedSchema, SCHEMA_FILE_PATH, SITE_SCHEMA_PATH } from './published-schema';

/**
 * The GraphQL schema (SDL) for everyone, since production answers introspection to token holders
 * only: at GET /graphql/schema.graphql, and at /schema.gql where the public site and the explorer
 * link to it. The committed schema.gql, read once at start; cached and revalidated by ETag. (The
 * explorer gets the same schema as an introspection result: explorer-assets' schema.json.)
 */
@Controller()
export class PublishedSchemaController {
  private readonly sdl = readPublishedSchema();

  @Get([SCHEMA_FILE_PATH, SITE_SCHEMA_PATH])
  schema(@Req() req: Request, @Res() res: Response): void {
    sendSite(req, res, { body: this.sdl, type: 'text/plain; charset=utf-8', cache: 'asset' });
  }
}
