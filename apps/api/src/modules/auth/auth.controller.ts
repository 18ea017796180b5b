import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowDuringPasswordChange, CurrentActor, Public, RequirePermission, type Actor } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordDto, LoginDto, MeDto, SessionResponseDto, TotpCodeDto } from './dto/login.dto.js';
import { SessionsService } from './sessions.service.js';

@ApiTags('Auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Log in as an operator; returns a bearer token' })
  async login(@Body() dto: LoginDto): Promise<SessionResponseDto> {
    const s = await this.auth.login(dto.username, dto.password, dto.totpCode);
    return { accessToken: s.accessToken, tokenType: 'Bearer', expiresAt: s.expiresAt.toISOString(), username: dto.username, roles: s.roles, stage: s.stage };
  }

  @Post('logout')
  @HttpCode(204)
  @RequirePermission(Permission.SessionRead)
  @AllowDuringPasswordChange()
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.sessions.end(actor.token);
  }

  @Get('me')
  @RequirePermission(Permission.SessionRead)
  @AllowDuringPasswordChange()
  @ApiOperation({ summary: 'Who am I: roles and permissions of this session or token' })
  me(@CurrentActor() actor: Actor): MeDto {
    return {
      operatorId: actor.operatorId,
      username: actor.username,
      personId: actor.personId ?? undefined,
      roles: actor.roles,
      permissions: [...actor.permissions].sort(),
      via: actor.via,
      stage: actor.stage,
    };
  }

  @Post('password')
  @HttpCode(204)
  @RequirePermission(Permission.SessionRead)
  @AllowDuringPasswordChange()
  @ApiOperation({ summary: 'Change my password (required first when it was temporary); ends all my sessions' })
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(actor, dto.currentPassword, dto.newPassword);
  }

  @Post('totp')
  @HttpCode(200)
  @RequirePermission(Permission.SessionRead)
  @ApiOperation({ summary: 'Start TOTP enrolment: returns an otpauth:// URI once' })
  beginTotp(@CurrentActor() actor: Actor): Promise<{ otpauthUri: string }> {
    return this.auth.beginTotp(actor);
  }

  @Post('totp/confirm')
  @HttpCode(204)
  @RequirePermission(Permission.SessionRead)
  @ApiOperation({ summary: 'Confirm TOTP enrolment with a current code; logins then need totpCode' })
  async confirmTotp(@CurrentActor() actor: Actor, @Body() dto: TotpCodeDto): Promise<void> {
    await this.auth.confirmTotp(actor, dto.code);
  }
}
