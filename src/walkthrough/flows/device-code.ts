import { bearerRequest, describeOAuthError, oauthErrorCode, parseJsonObject, tokenResponseFields } from '../client-requests';
import { ENDPOINTS } from '../../authserver/paths';
import { GRANT_DEVICE_CODE } from '../../authserver/seed';
import { deviceCode, LET_CODE_EXPIRE } from '../../flows/device-code';
import { defineWalkthrough } from '../define';
import { demoClient, demoUser } from '../demo';
import { pullNewServerEvents } from '../env';
import { advanceClockBody, describeOffset, parseLabClock } from '../lab-clock';
import { apiDidNotAnswer, tokenResponseUsable } from '../client-checks';
import { recordCheck, recordedFetch, type ClientEvent } from '../recorder';
import type { StepInput, StepResult } from '../types';
import { deviceAnswerOf, pollOutcome, verificationAnswer } from './device-code-rules';

/**
 * The Device Authorization Grant, played for real against the toy server, in two panels:
 * the page plays the TV (public client `tv-device`, which only talks to the server on the
 * back channel) and the browser frame is the user's phone.
 * Where the TV would wait its polling interval, the walk-through moves the learner's lab clock
 * ahead instead of sleeping, and records that request in the Inspector.
 * @see RFC 8628
 */

/** The demo device client, as seeded on the server, and what the walk-through asks for. */
export const tvDevice = {
  client_id: demoClient('tv-device').client_id,
  scope: 'profile photos.read',
} as const;

/** What the TV records: the device authorization response, its screen, its polls, the phone's answer, the tokens and the photos. */
const fields = [
  'device_authorization_response', 'device_code', 'user_code', 'verification_uri', 'verification_uri_complete', 'expires_in', 'interval',
  'tv_screen', 'phone', 'decision', 'poll_status', 'poll_response', 'poll_error', 'polls',
  'access_token', 'token_type', 'refresh_token', 'scope', 'photo_count', 'lab_clock_offset_seconds',
] as const;
type Fields = (typeof fields)[number];

export const deviceCodeWalkthrough = defineWalkthrough(deviceCode, fields, (env) => {
  const tokenEndpoint = `${env.origin}${ENDPOINTS.token}`;
  const verificationPath = ENDPOINTS.deviceVerification;
  /** The phone's answer: the verification page after the user's form post (no user_code in the address). */
  const isVerificationPost = (url: string) => {
    const parsed = new URL(url, env.origin);
    return parsed.origin === env.origin && parsed.pathname === verificationPath && !parsed.searchParams.has('user_code');
  };

  /** One poll of the token endpoint, as the TV sends it. @see RFC 8628 §3.4 */
  async function poll(input: StepInput<Fields>): Promise<StepResult<'poll_status' | 'poll_response' | 'poll_error' | 'polls'>> {
    const body = new URLSearchParams({
      grant_type: GRANT_DEVICE_CODE,
      device_code: input.learner.device_code ?? '',
      client_id: tvDevice.client_id,
    });
    const { response, body: text, event } = await recordedFetch(
      env.fetch,
      env.recorder,
      tokenEndpoint,
      { method: 'POST', headers: { Accept: 'application/json' }, body },
      { server: 'authserver', channel: 'back' },
    );
    return {
      events: [event],
      learner: {
        poll_status: response.status,
        poll_response: text,
        poll_error: oauthErrorCode(text),
        polls: (input.learner.polls ?? 0) + 1,
      },
    };
  }

  /** Moves the learner's clock ahead on the server (a teaching hook of this site, not OAuth) and records the request. */
  async function advanceLabClock(seconds: number): Promise<{ event: ClientEvent; offset_seconds: number; now: number }> {
    const { event, response, body } = await recordedFetch(
      env.fetch,
      env.recorder,
      `${env.origin}${ENDPOINTS.labClock}`,
      { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: advanceClockBody(seconds) },
      { server: 'authserver', channel: 'back' },
    );
    const clock = parseLabClock(response.status, body);
    return { event, ...clock };
  }

  /**
   * What the server checked while answering the last poll, and what the answer means for the TV:
   * keep polling (slow_down also adds 5 s to the interval), or stop.
   * @see RFC 8628 §3.5
   */
  async function readPollAnswer(input: StepInput<Fields>): Promise<StepResult<'interval'>> {
    const pulled = await pullNewServerEvents(env, input);
    const error = input.learner.poll_error ?? '';
    const stop = pollOutcome(error, 'keep-polling', input.learner.poll_response ?? '', input.learner.poll_status ?? 0);
    if (stop) return { events: pulled.events, serverSeq: pulled.serverSeq, ...stop };
    const interval = input.learner.interval ?? 5;
    if (error !== 'slow_down') {
      return {
        events: pulled.events,
        serverSeq: pulled.serverSeq,
        message: `${error}: not a failure. The user has not answered yet, so the TV waits ${interval} s and asks again.`,
      };
    }
    const slower = interval + 5;
    return {
      events: [
        ...pulled.events,
        recordCheck(env.recorder, 'polling interval increased', { previous_interval: interval, interval: slower }, true, {
          detail: `On slow_down the TV adds 5 s to its interval, for this and every later poll: now ${slower} s.`,
          rfc: 'RFC 8628 §3.5',
        }),
      ],
      serverSeq: pulled.serverSeq,
      learner: { interval: slower },
      message: `slow_down: the TV asked again too soon. It is still pending, but from now on the TV waits ${slower} s between polls.`,
    };
  }

  /** The user never answers on the phone: the lab clock moves past expires_in, as if they walked away. */
  async function walkAway(input: StepInput<Fields>): Promise<StepResult<'decision' | 'lab_clock_offset_seconds'>> {
    const expiresIn = input.learner.expires_in ?? 600;
    const clock = await advanceLabClock(expiresIn + 1);
    return {
      events: [
        clock.event,
        recordCheck(
          env.recorder,
          'codes expired',
          { expires_in: expiresIn, waited_seconds: expiresIn + 1, lab_clock: `${describeOffset(clock.offset_seconds)} ahead of real time` },
          true,
          {
            detail: `Nobody answered on the phone. Instead of a ${Math.round(expiresIn / 60)}-minute wait, the lab clock moved ${expiresIn + 1} s ahead (POST ${ENDPOINTS.labClock}, a teaching hook of this site): device_code and user_code are no longer valid.`,
            rfc: 'RFC 8628 §3.2',
          },
        ),
      ],
      learner: { decision: 'none', lab_clock_offset_seconds: clock.offset_seconds },
      message: 'The user walked away without answering; the codes expired. The TV keeps polling and is about to find out.',
    };
  }

  return {
    'device-authorization-request': {
      async run() {
        /** @see RFC 8628 §3.1 */
        const { response, body: text, event } = await recordedFetch(
          env.fetch,
          env.recorder,
          `${env.origin}${ENDPOINTS.deviceAuthorization}`,
          { method: 'POST', headers: { Accept: 'application/json' }, body: new URLSearchParams({ client_id: tvDevice.client_id, scope: tvDevice.scope }) },
          { server: 'authserver', channel: 'back' },
        );
        if (!response.ok) {
          return {
            events: [event],
            outcome: 'error',
            message: `The device authorization endpoint refused: ${describeOAuthError(text, response.status)}.`,
          };
        }
        return { events: [event], learner: { device_authorization_response: text } };
      },
    },

    'device-authorization-response': {
      async run(input) {
        // The server's checks (client, grant type, scope) made while answering.
        const pulled = await pullNewServerEvents(env, input);
        const answer = deviceAnswerOf(input.learner.device_authorization_response ?? '');
        const complete = answer !== null;
        const events = [
          ...pulled.events,
          recordCheck(
            env.recorder,
            'device authorization response complete',
            complete ? { ...answer } : { response: input.learner.device_authorization_response ?? '(none)' },
            complete,
            {
              detail: complete
                ? `The TV keeps device_code secret for polling; the user gets ${answer.user_code}. Both are valid ${answer.expires_in} s; the TV must wait ${answer.interval} s between polls.`
                : 'The answer lacks device_code, user_code, verification_uri or expires_in.',
              rfc: 'RFC 8628 §3.2',
            },
          ),
        ];
        if (!answer) return { events, serverSeq: pulled.serverSeq, outcome: 'error', message: 'The device authorization response is incomplete: the TV cannot go on.' };
        return {
          events,
          serverSeq: pulled.serverSeq,
          learner: {
            device_code: answer.device_code,
            user_code: answer.user_code,
            verification_uri: answer.verification_uri,
            verification_uri_complete: answer.verification_uri_complete ?? '',
            expires_in: answer.expires_in,
            interval: answer.interval,
          },
        };
      },
    },

    'show-user-code': {
      async run(input) {
        const user_code = input.learner.user_code ?? '';
        return {
          learner: { tv_screen: 'code' },
          events: [
            recordCheck(
              env.recorder,
              'user code shown on the TV',
              {
                user_code,
                verification_uri: input.learner.verification_uri ?? '',
                qr_code: input.learner.verification_uri_complete || '(no verification_uri_complete: no QR code)',
              },
              user_code !== '',
              {
                detail: 'The TV shows the short code and where to enter it, and a QR code of verification_uri_complete. It never shows device_code.',
                rfc: 'RFC 8628 §3.3.1',
              },
            ),
          ],
          message: `The TV now says: go to ${input.learner.verification_uri ?? ''} and enter ${user_code}. It starts polling while it waits.`,
        };
      },
    },

    'poll-token': {
      run: poll,
    },

    'authorization-pending': {
      run: readPollAnswer,
    },

    'poll-too-fast': {
      // Polling again at once, without waiting the interval: the point of this step. When the learner
      // took longer than the interval to press Next, that poll was in time and the server only says
      // authorization_pending; the TV then asks once more straight away, which is too soon.
      async run(input) {
        const first = await poll(input);
        if (first.learner?.poll_error !== 'authorization_pending') return first;
        const again = await poll({ ...input, learner: { ...input.learner, ...first.learner } });
        return { ...again, events: [...(first.events ?? []), ...(again.events ?? [])] };
      },
    },

    'slow-down': {
      run: readPollAnswer,
    },

    'scan-qr-code': {
      async run(input) {
        const url = input.learner.verification_uri_complete || input.learner.verification_uri || '';
        return {
          learner: { phone: 'scanned' },
          message: `The phone’s camera read the QR code: ${url}. The phone’s browser opens it next.`,
        };
      },
    },

    'verification-page': {
      async run(input) {
        const url = input.learner.verification_uri_complete || input.learner.verification_uri;
        if (!url) throw new Error('No verification URI: run the device authorization request again.');
        const landed = await env.frame.navigate(url);
        const pulled = await pullNewServerEvents(env, input);
        return { frameUrl: landed, events: pulled.events, serverSeq: pulled.serverSeq };
      },
    },

    'user-approves': {
      isAnswer: (url: string) => isVerificationPost(url) && env.frame.documentStatus() === 200,
      async run(input) {
        if (input.action === LET_CODE_EXPIRE.id) return walkAway(input);
        const current = env.frame.currentUrl();
        const answeredInFrame = current !== null && isVerificationPost(current) && env.frame.documentStatus() === 200;
        const landed = answeredInFrame
          ? current
          : await env.frame.submitConsent(input.decision ?? 'approve', demoUser, isVerificationPost);
        const pulled = await pullNewServerEvents(env, input);
        const answer = verificationAnswer(pulled.events, verificationPath);
        if (answer.decision === null) {
          return {
            frameUrl: landed,
            events: pulled.events,
            serverSeq: pulled.serverSeq,
            learner: { decision: 'none' },
            message: `The verification page did not accept the answer (HTTP ${answer.status ?? '?'}): the code may have expired. The TV will learn what happened from its next poll.`,
          };
        }
        return {
          frameUrl: landed,
          events: pulled.events,
          serverSeq: pulled.serverSeq,
          learner: { decision: answer.decision },
          message:
            answer.decision === 'approve'
              ? 'The phone says “Device connected”. The TV does not know yet: it learns it from its next poll.'
              : 'The user denied the TV on the phone. The TV does not know yet: it learns it from its next poll.',
        };
      },
    },

    'poll-token-approved': {
      async run(input) {
        const interval = input.learner.interval ?? 5;
        // Waiting the interval for real would only make the learner wait: move the lab clock instead.
        const clock = await advanceLabClock(interval);
        const waited = recordCheck(
          env.recorder,
          'waited the polling interval',
          { interval, waited_seconds: interval, lab_clock: `${describeOffset(clock.offset_seconds)} ahead of real time` },
          true,
          {
            detail: `Instead of sleeping ${interval} s, the walk-through moved the lab clock ${interval} s ahead (POST ${ENDPOINTS.labClock}, a teaching hook of this site, not OAuth). The server sees this poll ${interval} s after the last one.`,
            rfc: 'RFC 8628 §3.5',
          },
        );
        const polled = await poll(input);
        return {
          ...polled,
          events: [clock.event, waited, ...(polled.events ?? [])],
          learner: { ...polled.learner, lab_clock_offset_seconds: clock.offset_seconds },
        };
      },
    },

    'token-response': {
      async run(input) {
        const pulled = await pullNewServerEvents(env, input);
        const status = input.learner.poll_status ?? 0;
        const text = input.learner.poll_response ?? '';
        if (status !== 200) {
          const stop = pollOutcome(input.learner.poll_error ?? '', 'tokens', text, status);
          return { events: pulled.events, serverSeq: pulled.serverSeq, ...(stop ?? { outcome: 'error', message: 'The token endpoint did not answer with tokens.' }) };
        }
        const tokens = tokenResponseFields(text);
        const { event, usable } = tokenResponseUsable(env, tokens, {
          usable: 'The TV has a Bearer access token, and a refresh token so the user never has to do this again. The device_code is used up.',
          rfc: 'RFC 8628 §3.5',
        });
        return {
          events: [...pulled.events, event],
          serverSeq: pulled.serverSeq,
          learner: { ...tokens, tv_screen: 'signed-in' },
          ...(usable ? {} : { outcome: 'error' as const, message: 'The token response is not usable.' }),
        };
      },
    },

    'api-request': {
      async run(input) {
        const { event, response, body } = await bearerRequest(env, ENDPOINTS.apiPhotos, input.learner.access_token ?? '');
        const pulled = await pullNewServerEvents(env, input, [event]);
        const events = [event, ...pulled.events];
        const refused = apiDidNotAnswer(response.status);
        if (refused) return { events, serverSeq: pulled.serverSeq, ...refused };
        const photos = parseJsonObject(body)?.photos;
        const count = Array.isArray(photos) ? photos.length : 0;
        return {
          events,
          serverSeq: pulled.serverSeq,
          learner: { photo_count: count, tv_screen: 'photos' },
          message: `Done: the TV shows ${count} of Alice’s photos. Nobody typed a password on it.`,
        };
      },
    },
  };
});
