import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CurrentActor, RequirePermission, type Actor } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { Role } from '../../common/auth/role.js';
import { IdParam } from '../../common/validation/params.dto.js';
import { AssignRoleDto, CreateOperatorDto, NominateDeputyDto, OperatorDto, RoleAssignmentDto } from './dto/operators.dto.js';
import { OperatorsService } from './operators.service.js';

class OperatorRoleParams extends IdParam {
  @IsIn(Object.values(Role)) role!: string;
}

@ApiTags('Operators and roles')
@Controller()
export class OperatorsController {
  constructor(private readonly operators: OperatorsService) {}

  @Get('operators')
  @RequirePermission(Permission.OperatorsRead)
  list(): Promise<OperatorDto[]> {
    return this.operators.list();
  }

  @Post('operators')
  @RequirePermission(Permission.OperatorsWrite)
  @ApiOperation({ summary: 'Create an operator with a temporary password (changed at first login)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOperatorDto): Promise<OperatorDto> {
    return this.operators.create(actor, dto);
  }

  @Post('operators/:id/roles')
  @RequirePermission(Permission.RolesAssign)
  @ApiOperation({ summary: 'Give an operator a role (contractors never get privileged roles)' })
  assign(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AssignRoleDto): Promise<RoleAssignmentDto> {
    return this.operators.assign(actor, id, dto);
  }

  @Delete('operators/:id/roles/:role')
  @HttpCode(204)
  @RequirePermission(Permission.RolesAssign)
  async revoke(@CurrentActor() actor: Actor, @Param() { id, role }: OperatorRoleParams): Promise<void> {
    await this.operators.revoke(actor, id, role);
  }

  @Post('role-assignments/deputies')
  @RequirePermission(Permission.RolesNominateDeputy)
  @ApiOperation({ summary: 'Nominate a deputy for a privileged role I hold; pending until the CISO approves (5(2)①ウ)' })
  nominate(@CurrentActor() actor: Actor, @Body() dto: NominateDeputyDto): Promise<RoleAssignmentDto> {
    return this.operators.nominateDeputy(actor, dto);
  }

  @Post('role-assignments/:id/approve')
  @RequirePermission(Permission.RolesApproveDeputy)
  @ApiOperation({ summary: 'CISO: approve a nominated deputy' })
  approve(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<RoleAssignmentDto> {
    return this.operators.approveDeputy(actor, id);
  }

  @Get('reports/privileged-roles')
  @RequirePermission(Permission.ReportsRead)
  @ApiOperation({ summary: 'Holders (and pending deputies) of privileged roles — kept to a minimum' })
  privileged(): Promise<RoleAssignmentDto[]> {
    return this.operators.privilegedHolders();
  }
}
