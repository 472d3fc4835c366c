import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { commandContext } from '../../http/request-context';
import { toInstant } from '../../http/validators';
import { answerWrite } from '../../http/write-reply';
import { AffiliateActorCommand } from '../affiliate-actor/affiliate-actor.command';
import type { ActorView } from '../get-actors/actor-directory';
import { GetActorQuery, ListActorsQuery, type ActorPage } from '../get-actors/get-actors.query';
import { RegisterActorCommand } from '../register-actor/register-actor.command';
import { AffiliationDto, ListActorsQueryDto, RegisterActorDto } from './actors.dto';
import { RequireRole } from '../../auth/access.decorator';
import { WriteReceiptDto } from '../../http/write-receipt.dto';
import { ActorPageDto, ActorViewDto } from './actors-responses.dto';

@Controller('actors')
export class ActorsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** Registers an actor; registering the same actor again answers 200 with the same receipt. */
  @RequireRole('recorder')
  @Post()
  @ApiCreatedResponse({ type: WriteReceiptDto, description: 'Registered' })
  @ApiOkResponse({
    type: WriteReceiptDto,
    description: 'Already registered as it is: nothing written',
  })
  async register(
    @Body() dto: RegisterActorDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const receipt = await this.commands.execute(
      new RegisterActorCommand(
        {
          id: dto.id,
          name: dto.name,
          kind: dto.kind,
          aliases: dto.aliases ?? [],
          ...(dto.country ? { country: dto.country } : {}),
        },
        commandContext(request),
      ),
    );
    return answerWrite(reply, receipt, `/actors/${dto.id}`);
  }

  /** Every actor, by id, a page at a time. */
  @RequireRole('analyst')
  @Get()
  @ApiOkResponse({ type: ActorPageDto })
  list(@Query() query: ListActorsQueryDto): Promise<ActorPage> {
    return this.queries.execute(new ListActorsQuery(query.limit ?? 100, query.kind, query.cursor));
  }

  /** One actor with its affiliations. */
  @RequireRole('analyst')
  @Get(':id')
  @ApiOkResponse({ type: ActorViewDto })
  get(@Param('id') id: string): Promise<ActorView> {
    return this.queries.execute(new GetActorQuery(id));
  }

  /** The actor belongs to, speaks for or heads `parent` during [from, to). */
  @RequireRole('recorder')
  @Post(':id/affiliations')
  @ApiCreatedResponse({ type: WriteReceiptDto, description: 'Recorded' })
  async affiliate(
    @Param('id') id: string,
    @Body() dto: AffiliationDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const receipt = await this.commands.execute(
      new AffiliateActorCommand(
        {
          actor: id,
          parent: dto.parent,
          from: toInstant(dto.from),
          ...(dto.to ? { to: toInstant(dto.to) } : {}),
          ...(dto.role ? { role: dto.role } : {}),
        },
        commandContext(request),
      ),
    );
    return answerWrite(reply, receipt, `/actors/${id}`);
  }
}
