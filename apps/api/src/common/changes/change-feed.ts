import { Subject, type Observable } from 'rxjs';

/** An in-process announcement, made after commit, that something others react to has changed. */
export class ChangeFeed<T> {
  private readonly subject = new Subject<T>();

  get changes(): Observable<T> {
    return this.subject.asObservable();
  }

  notify(change: T): void {
    this.subject.next(change);
  }
}
