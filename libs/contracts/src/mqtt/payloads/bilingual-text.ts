import { IsString, MaxLength } from 'class-validator';

/** A short message in Japanese and English (reader display, UI). */
export class BilingualText {
  @IsString() @MaxLength(200) ja!: string;
  @IsString() @MaxLength(200) en!: string;
}
