import {
  Controller,
  Get,
  Header,
  Logger,
  NotFoundException,
  Options,
  Param,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  CSV_COLUMNS_FILE,
  EXPORT_FORMATS,
  ExportFormat,
  ExportsService,
  exportUrl,
} from '@insyn/standards';
import { readRepositoryFile } from '../schema/published-schema';
import { sendSite } from '../site/http/site-response';
import { RegistryClock } from '@insyn/registry';
import { notModified, secondIsOver } from '../http/conditional-get';
import { FileExceptionFilter } from '../http/file-exception.filter';
import { streamResponse } from '../http/streamed-response';

/** How long a cache may reuse an export without asking again (it revalidates with the ETag after). */
const MAX_AGE_SECONDS = 300;

/**
 * The public exports, anonymous and published-only (they read the register as the public does,
 * whatever token a request carries): `GET /exports` lists them, `GET /exports/<file>` streams one,
 * page by page, with an ETag and Last-Modified from the newest public change, so a conditional
 * request is answered 304 without reading the entries.
 */
@Controller('exports')
@UseFilters(FileExceptionFilter)
export class ExportsController {
  private readonly log = new Logger(ExportsController.name);
  private readonly csvColumns = readRepositoryFile('docs/open-data-columns.md');

  constructor(
    private readonly exports: ExportsService,
    private readonly clock: RegistryClock,
  ) {}

  @Get()
  @Header('Access-Control-Allow-Origin', '*')
  index() {
    const settings = this.exports.standardsSettings;
    return {
      exports: EXPORT_FORMATS.map((f) => ({
        file: f.file,
        url: exportUrl(settings, f.file),
        mediaType: f.mediaType,
        description: f.description,
        kinds: f.kinds ?? null,
      })),
    };
  }

  /**
   * A browser's CORS preflight, for a script that sends its own validators (If-None-Match,
   * If-Modified-Since): any site may, with GET and HEAD.
   */
  @Options(['', ':file'])
  preflight(@Res() res: Response): void {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD');
    res.setHeader('Access-Control-Allow-Headers', 'If-None-Match, If-Modified-Since');
    res.setHeader('Access-Control-Max-Age', '86400');
    res.status(204).end();
  }

  /** What each column of entries.csv holds: docs/open-data-columns.md, read once at start. */
  @Get(CSV_COLUMNS_FILE)
  @Header('Access-Control-Allow-Origin', '*')
  columns(@Req() req: Request, @Res() res: Response): void {
    sendSite(req, res, {
      body: this.csvColumns,
      type: 'text/plain; charset=utf-8',
      cache: 'asset',
    });
  }

  @Get(':file')
  async file(
    @Param('file') file: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const format = EXPORT_FORMATS.find((f) => f.file === file);
    if (!format)
      throw new NotFoundException(
        `There is no export called ${file}; GET /exports lists them: ${EXPORT_FORMATS.map((f) => f.file).join(', ')}`,
      );
    const freshness = await this.exports.freshness(format);
    res.setHeader('Content-Type', format.mediaType);
    res.setHeader('Content-Disposition', `inline; filename="${format.file}"`);
    res.setHeader('Cache-Control', `public, max-age=${MAX_AGE_SECONDS}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Open data for any site's tools (a portal's harvester, a journalist's notebook in the
    // browser): anonymous, no cookies, the same for everyone.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'ETag, Last-Modified, Content-Disposition');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('ETag', freshness.etag);
    // An HTTP-date counts whole seconds: a change in the second of the last one would keep it,
    // and a client holding it would be answered 304 for a file that changed. So it is given (and
    // compared) only once its second is over (RFC 9110 §8.8.2.2); the ETag serves meanwhile.
    const lastModified = secondIsOver(freshness.lastModified, this.clock.now())
      ? freshness.lastModified
      : null;
    if (lastModified) res.setHeader('Last-Modified', lastModified.toUTCString());
    if (notModified(req, freshness.etag, lastModified)) {
      res.status(304).end();
      return;
    }
    if (req.method === 'HEAD') {
      res.status(200).end();
      return;
    }
    await this.stream(format, freshness.lastModified, res);
  }

  private stream(format: ExportFormat, lastModified: Date | null, res: Response) {
    return streamResponse(
      res,
      (write) => this.exports.write(format, write, { lastModified }),
      this.log,
      `export ${format.file}`,
    );
  }
}
