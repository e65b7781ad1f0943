/** Length limits of a review (characters, after trimming). */
export const REVIEW_LIMITS = {
  title: { min: 3, max: 120 },
  body: { min: 10, max: 5000 },
  authorName: { min: 1, max: 60 },
  reply: { min: 1, max: 2000 },
  reportNote: { min: 0, max: 500 },
} as const;

/** A field of a review input at fault, and why. */
export interface InputProblem {
  field: string;
  message: string;
}

/** What an author writes (all of it on create; some of it on an edit). */
export interface ReviewText {
  rating?: number | undefined;
  title?: string | undefined;
  body?: string | undefined;
  authorName?: string | undefined;
}

function lengthProblem(field: keyof typeof REVIEW_LIMITS, value: string | undefined): InputProblem[] {
  if (value === undefined) return [];
  const { min, max } = REVIEW_LIMITS[field];
  const length = [...value.trim()].length;
  if (length < min) return [{ field, message: `${field} must have at least ${min} characters` }];
  if (length > max) return [{ field, message: `${field} must have at most ${max} characters` }];
  return [];
}

/** Problems of a review's stars and texts; none when it may be stored. */
export function reviewInputProblems(input: ReviewText): InputProblem[] {
  const problems: InputProblem[] = [];
  if (input.rating !== undefined && !(Number.isInteger(input.rating) && input.rating >= 1 && input.rating <= 5)) {
    problems.push({ field: 'rating', message: 'rating must be a whole number of stars from 1 to 5' });
  }
  problems.push(
    ...lengthProblem('title', input.title),
    ...lengthProblem('body', input.body),
    ...lengthProblem('authorName', input.authorName),
  );
  return problems;
}

/** Problems of a text checked against one of the limits. */
export function textProblems(field: 'reply' | 'reportNote', value: string | undefined): InputProblem[] {
  return lengthProblem(field, value);
}
