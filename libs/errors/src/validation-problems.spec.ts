import {
  ArrayMaxSize,
  IsEmail,
  IsNotEmpty,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { plainWords, toFieldProblems } from './validation-problems';

class Sample {
  @IsNotEmpty()
  name = '';

  @MinLength(2)
  @MaxLength(3)
  code = 'abcd';

  @ArrayMaxSize(1)
  tags = ['a', 'b'];

  @Min(1)
  first = 0;

  @Max(100)
  last = 101;

  @IsEmail()
  email = 'a@b.c';
}

describe('validation problems', () => {
  it('says in plain words what class-validator says in its default wording', () => {
    const problems = toFieldProblems(validateSync(new Sample()));
    expect(problems).toEqual([
      { field: 'name', message: 'name must not be empty' },
      { field: 'code', message: 'code must be at most 3 characters' },
      { field: 'tags', message: 'tags must have at most 1 item' },
      { field: 'first', message: 'first must be at least 1' },
      { field: 'last', message: 'last must be at most 100' },
      { field: 'email', message: 'email must be an e-mail address' },
    ]);
    for (const { message } of problems)
      expect(message).not.toMatch(/should|or equal|elements|less than|greater than|an email$/);
  });

  it('keeps a message of its own as it is', () => {
    for (const message of [
      'title must contain a letter or a digit',
      'maxAgeDays must not be less than minAgeDays: no concern could be both that young and that old',
      'keywords.2 must not be empty',
    ])
      expect(plainWords(message)).toBe(message);
    expect(plainWords('code must be longer than or equal to 2 characters')).toBe(
      'code must be at least 2 characters',
    );
  });
});
