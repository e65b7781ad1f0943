/** Stars a review can give. */
export const STARS = [1, 2, 3, 4, 5] as const;

/** A product's stored rating: how many approved reviews give each number of stars. */
export interface RatingCounts {
  count: number;
  sum: number;
  /** Reviews per stars, index 0 for one star … index 4 for five stars. */
  histogram: [number, number, number, number, number];
}

/** A change to a product's rating: what one review's move adds (positive) and removes (negative). */
export type RatingDelta = RatingCounts;

/** The rating of a product without approved reviews. */
export function emptyRating(): RatingCounts {
  return { count: 0, sum: 0, histogram: [0, 0, 0, 0, 0] };
}

/** What one review contributes to its product's rating: its stars when it is shown (approved), nothing otherwise. */
export function contribution(review: { shown: boolean; rating: number } | null): RatingCounts {
  const counts = emptyRating();
  if (!review?.shown) return counts;
  counts.count = 1;
  counts.sum = review.rating;
  counts.histogram[review.rating - 1] = 1;
  return counts;
}

/** The change a review's move from `before` to `after` makes to its product's rating (null: absent). */
export function ratingDelta(
  before: { shown: boolean; rating: number } | null,
  after: { shown: boolean; rating: number } | null,
): RatingDelta {
  const was = contribution(before);
  const is = contribution(after);
  return {
    count: is.count - was.count,
    sum: is.sum - was.sum,
    histogram: is.histogram.map((n, i) => n - was.histogram[i]!) as RatingDelta['histogram'],
  };
}

/** Whether a delta changes nothing. */
export function isNoChange(delta: RatingDelta): boolean {
  return delta.count === 0 && delta.sum === 0 && delta.histogram.every((n) => n === 0);
}

/** Average rating rounded to one decimal, or null without ratings. */
export function averageRating(sum: number, count: number): number | null {
  return count === 0 ? null : Math.round((sum / count) * 10) / 10;
}
