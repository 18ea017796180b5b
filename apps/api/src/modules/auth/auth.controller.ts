import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators.js';
import { AppError, ErrorCode } from '../../common/errors/problem.js';
import { LoginDto, SessionResponseDto } from './dto/login.dto.js';
import { SessionsService } from './sessions.service.js';

@ApiTags('Auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Log in as an operator; returns a bearer token' })
  async login(@Body() dto: LoginDto): Promise<SessionResponseDto> {
    const session = await this.sessions.login(dto.username, dto.password);
    if (!session) throw new AppError(ErrorCode.InvalidCredentials, 'Invalid username or password');
    return {
      accessToken: session.accessToken,
      tokenType: 'Bearer',
      expiresAt: session.expiresAt.toISOString(),
      username: session.actor.username,
      role: session.actor.role,
    };
  }
}
