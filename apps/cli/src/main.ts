import { hello } from '#contracts';
console.log(hello());
