import { Global, Injectable, Module } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';

/**
 * Announces, after commit, that something bridges authenticate or decide with has changed (a person's status,
 * PIN, templates, an authorisation). The hardware gateway answers by pushing fresh credential caches, so a
 * revocation reaches the doors within seconds.
 */
@Injectable()
export class CredentialChanges {
  private readonly subject = new Subject<string>();

  get changes(): Observable<string> {
    return this.subject.asObservable();
  }

  notify(reason: string): void {
    this.subject.next(reason);
  }
}

@Global()
@Module({ providers: [CredentialChanges], exports: [CredentialChanges] })
export class ChangesModule {}
