import { Module } from '@nestjs/common';
import { PageController } from './page.controller';

/** The analyst's page at `/`: HTML, CSS, browser modules and uPlot, served from memory. */
@Module({ controllers: [PageController] })
export class PageModule {}
