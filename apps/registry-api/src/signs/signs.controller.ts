import { Controller, Get, NotFoundException, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SignFormat, SignsService } from '@insyn/standards';
import { notModified } from '../http/conditional-get';
import { FileExceptionFilter } from '../http/file-exception.filter';

const FILE = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.(svg|pdf)$/;

/**
 * Printable signs for published IoT deployments: `GET /signs/<slug>.svg` or `.pdf`, anonymous,
 * cacheable. A draft, a retired deployment, another kind of entry or an unknown slug has none
 * (404).
 */
@Controller('signs')
@UseFilters(FileExceptionFilter)
export class SignsController {
  constructor(private readonly signs: SignsService) {}

  @Get(':file')
  async sign(
    @Param('file') file: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const match = FILE.exec(file);
    if (!match) throw new NotFoundException('A sign is /signs/<slug>.svg or /signs/<slug>.pdf');
    const sign = await this.signs.sign(match[1], match[2] as SignFormat);
    if (!sign) throw new NotFoundException(`No IoT deployment in use has the slug "${match[1]}"`);
    res.setHeader('Content-Type', sign.mediaType);
    res.setHeader('Content-Disposition', `inline; filename="${file}"`);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // No Last-Modified: the publication time would go stale when a withholding ends (the sign
    // then shows what was withheld); the ETag, a digest of the sign, changes with every change.
    res.setHeader('ETag', sign.etag);
    if (notModified(req, sign.etag, null)) {
      res.status(304).end();
      return;
    }
    res.status(200).end(req.method === 'HEAD' ? undefined : sign.body);
  }
}
