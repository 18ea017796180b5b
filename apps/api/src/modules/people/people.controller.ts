import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission, type Actor } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { IdParam } from '../../common/validation/params.dto.js';
import { CompanyDto, CreateCompanyDto, CreateOrgUnitDto, OrgUnitDto, UpdateCompanyDto } from './dto/organisation.dto.js';
import { CreatePersonDto, IdentityCheckDto, ListPeopleQuery, PeoplePageDto, PersonDto, UpdatePersonDto } from './dto/person.dto.js';
import { OrganisationService } from './organisation.service.js';
import { PeopleService } from './people.service.js';

@ApiTags('People and organisation')
@Controller()
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly organisation: OrganisationService,
  ) {}

  @Get('people')
  @RequirePermission(Permission.PeopleRead)
  list(@Query() q: ListPeopleQuery): Promise<PeoplePageDto> {
    return this.people.list(q);
  }

  @Get('people/:id')
  @RequirePermission(Permission.PeopleRead)
  get(@Param() { id }: IdParam): Promise<PersonDto> {
    return this.people.get(id);
  }

  @Post('people')
  @RequirePermission(Permission.PeopleWrite)
  @ApiOperation({ summary: 'Register a staff member or a contractor worker' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePersonDto): Promise<PersonDto> {
    return this.people.create(actor, dto);
  }

  @Patch('people/:id')
  @RequirePermission(Permission.PeopleWrite)
  @ApiOperation({ summary: 'Change a person; status retired/transferred ends all access at once and deletes vein templates' })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdatePersonDto): Promise<PersonDto> {
    return this.people.update(actor, id, dto);
  }

  @Post('people/:id/identity-checks')
  @RequirePermission(Permission.IdentityCheckWrite)
  @ApiOperation({ summary: 'Record the identity document checked (type + last 4 characters only, 3(2)②イ)' })
  identityCheck(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: IdentityCheckDto): Promise<{ id: string; checkedAt: string }> {
    return this.people.recordIdentityCheck(actor, id, dto.documentType, dto.last4);
  }

  @Get('org-units')
  @RequirePermission(Permission.PeopleRead)
  units(): Promise<OrgUnitDto[]> {
    return this.organisation.listUnits();
  }

  @Post('org-units')
  @RequirePermission(Permission.OrganisationWrite)
  createUnit(@CurrentActor() actor: Actor, @Body() dto: CreateOrgUnitDto): Promise<OrgUnitDto> {
    return this.organisation.createUnit(actor, dto);
  }

  @Get('companies')
  @RequirePermission(Permission.PeopleRead)
  companies(): Promise<CompanyDto[]> {
    return this.organisation.listCompanies();
  }

  @Post('companies')
  @RequirePermission(Permission.CompaniesWrite)
  createCompany(@CurrentActor() actor: Actor, @Body() dto: CreateCompanyDto): Promise<CompanyDto> {
    return this.organisation.createCompany(actor, dto);
  }

  @Patch('companies/:id')
  @RequirePermission(Permission.CompaniesWrite)
  updateCompany(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateCompanyDto): Promise<CompanyDto> {
    return this.organisation.updateCompany(actor, id, dto);
  }
}
