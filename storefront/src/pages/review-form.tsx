import { CreateReviewDocument } from '@shopgraph/client';
import { type FormEvent, useId, useState } from 'react';
import { useMutation } from 'urql';
import { dataOf } from '../session.js';
import { Notice, UserErrors, type UserErrorLike, messageOf } from '../ui.js';

/** A signed-in customer's review of a product; it is published at once or after moderation. */
export function ReviewForm({ productId }: { productId: string }) {
  const ids = { rating: useId(), title: useId(), body: useId() };
  const [errors, setErrors] = useState<readonly UserErrorLike[]>([]);
  const [sent, setSent] = useState<'APPROVED' | 'PENDING' | string>();
  const [failure, setFailure] = useState<string>();
  const [, createReview] = useMutation(CreateReviewDocument);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      const answer = dataOf(
        await createReview({
          input: { productId, rating: Number(form.get('rating')), title: String(form.get('title')), body: String(form.get('body')) },
        }),
      ).createReview;
      setErrors(answer.userErrors);
      if (answer.review) setSent(answer.review.status);
    } catch (e) {
      setFailure(messageOf(e));
    }
  };

  if (sent)
    return (
      <Notice kind="info">
        {sent === 'APPROVED' ? 'Thanks! Your review is published.' : 'Thanks! Your review will appear once it has been checked.'}
      </Notice>
    );
  return (
    <form onSubmit={(e) => void submit(e)} className="review-form">
      <h3>Write a review</h3>
      <div className="field">
        <label htmlFor={ids.rating}>Rating</label>
        <select id={ids.rating} name="rating" defaultValue="5">
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={n}>
              {n} of 5
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.title}>Title</label>
        <input id={ids.title} name="title" required maxLength={120} />
      </div>
      <div className="field">
        <label htmlFor={ids.body}>Your review</label>
        <textarea id={ids.body} name="body" required rows={4} />
      </div>
      <UserErrors errors={errors} />
      {failure && <Notice>{failure}</Notice>}
      <button type="submit">Send review</button>
    </form>
  );
}
