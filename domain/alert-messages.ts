/**
 * The text a person reads in Telegram (and the webhook's `message`), in Russian or English
 * (ALERT_LANGUAGE): what happened, the order code, how long Kaspi leaves, and the action to take. Times are
 * Almaty time, as the Kaspi cabinet shows them. Pure.
 */
import { AlertConditions, DAILY_SUMMARY, type AlertFacts, type CancellationShareFacts, type DailySummaryFacts, type HeldOrderFacts, type PriceListFacts, type ScheduleFacts, type SyncStepFacts, type TokenFacts, type UnreachableFacts, type WaybillFacts } from './alert-conditions.js';
import type { NotificationKind } from './alert-state.js';

export type AlertLanguage = 'ru' | 'en';

export interface AlertMessageInput {
  condition: string;
  kind: NotificationKind | 'summary';
  facts: AlertFacts;
  /** Epoch ms of now, for "minutes left" in a reminder sent later than it was written. */
  now: number;
}

type Texts = Record<string, (facts: never, kind: NotificationKind | 'summary', now: number) => string>;

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const almatyClock = (epochMs: number) => new Date(epochMs + 5 * 3_600_000).toISOString().slice(11, 16);
const left = (facts: HeldOrderFacts, now: number) => (facts.deadline === undefined ? undefined : Math.floor((facts.deadline - now) / 60_000));
const duration = (minutes: number, lang: AlertLanguage) => {
  const h = Math.floor(Math.abs(minutes) / 60);
  const m = Math.abs(minutes) % 60;
  return lang === 'ru' ? (h ? `${h} ч ${m} мин` : `${m} мин`) : h ? `${h} h ${m} min` : `${m} min`;
};

function heldDeadline(facts: HeldOrderFacts, now: number, lang: AlertLanguage): string {
  const minutes = left(facts, now);
  if (minutes === undefined) return lang === 'ru' ? 'Срок автоотмены Kaspi неизвестен — действуйте сразу.' : "Kaspi's auto-cancel time is unknown — act now.";
  const at = almatyClock(facts.deadline!);
  const express = facts.express ? (lang === 'ru' ? ' (Express)' : ' (Express)') : '';
  if (minutes < 0) return lang === 'ru' ? `Срок принятия${express} истёк в ${at} (Алматы): Kaspi отменит заказ по вине магазина.` : `The acceptance deadline${express} passed at ${at} Almaty: Kaspi cancels it as the shop's fault.`;
  return lang === 'ru'
    ? `До автоотмены Kaspi по вине магазина${express}: ${duration(minutes, lang)} (в ${at} по Алматы).`
    : `Kaspi auto-cancels it as the shop's fault${express} in ${duration(minutes, lang)} (at ${at} Almaty).`;
}

const en: Texts = {
  [AlertConditions.orderHeld]: (f: HeldOrderFacts, kind, now) => kind === 'resolved'
    ? `✅ Order ${f.orderCode} is no longer held.`
    : `${kind === 'reminder' ? '⏰ Reminder: order' : '⚠️ Order'} ${f.orderCode} is held at ${f.warehouse}: ${f.reason}. ${heldDeadline(f, now, 'en')} Fix the cause (add stock, the product or the warehouse mapping), then: kaspi-sync order retry ${f.orderCode}`,
  [AlertConditions.heldDeadlineNear]: (f: HeldOrderFacts, kind, now) => kind === 'resolved'
    ? `✅ Order ${f.orderCode}: no longer waiting at its deadline.`
    : `🔥 Order ${f.orderCode} is still held (${f.reason}). ${heldDeadline(f, now, 'en')} Accept it now or fix the cause and run: kaspi-sync order retry ${f.orderCode}`,
  [AlertConditions.waybillMissing]: (f: WaybillFacts, kind) => kind === 'resolved'
    ? `✅ Order ${f.orderCode}: the waybill is stored.`
    : `📦 Order ${f.orderCode} (${f.warehouse}) has no waybill ${f.minutesSinceAccepted} min after acceptance. Check the order in the Kaspi cabinet (buyer's signature, assembly); kaspi-sync order show ${f.orderCode}`,
  [AlertConditions.tokenRejected]: (f: TokenFacts, kind) => kind === 'resolved'
    ? '✅ Kaspi accepts the API token again.'
    : `⛔ Kaspi rejected the API token (during ${f.step}): nothing syncs. Put a new token from the Kaspi cabinet (Settings → API token) in KASPI_AUTH_TOKEN and restart the worker.`,
  [AlertConditions.syncStepFailing]: (f: SyncStepFacts, kind) => kind === 'resolved'
    ? `✅ Sync step "${f.step}" works again.`
    : `❗ Sync step "${f.step}" failed in ${f.runs} runs in a row${f.lastError ? ` (last: ${f.lastError})` : ''}. See kaspi-sync schedule describe and the failed runs in the Temporal Web UI.`,
  [AlertConditions.scheduleMissingTicks]: (f: ScheduleFacts, kind) => kind === 'resolved'
    ? `✅ Schedule ${f.scheduleId} starts runs again.`
    : `⏸ Schedule ${f.scheduleId} started no sync for ${f.minutesSinceLastRun} min (interval ${f.intervalMinutes} min). Check that a worker runs and: kaspi-sync schedule describe`,
  [AlertConditions.kaspiUnreachable]: (f: UnreachableFacts, kind) => kind === 'resolved'
    ? '✅ Kaspi answers again.'
    : `🌐 Kaspi has not answered usably for ${f.minutes} min (${f.lastProblem}). New orders wait; Kaspi's acceptance clock keeps running. Check the network and Kaspi's status.`,
  [AlertConditions.cancellationShareWarning]: (f: CancellationShareFacts, kind) => kind === 'resolved'
    ? `✅ Merchant-fault cancellations are below ${percent(f.threshold)} again.`
    : `⚠️ Merchant-fault cancellations over 30 days: ${percent(f.share)} (${f.cancelled} of ${f.orders}). Kaspi disconnects the shop for 7 days above 5 %. Keep stock current and answer held orders quickly.`,
  [AlertConditions.cancellationShareCritical]: (f: CancellationShareFacts, kind) => kind === 'resolved'
    ? `✅ Merchant-fault cancellations are below ${percent(f.threshold)} again.`
    : `🚨 Merchant-fault cancellations over 30 days: ${percent(f.share)} (${f.cancelled} of ${f.orders}) — at or above Kaspi's 5 % limit: the shop risks a 7-day disconnection. Stop cancellations now: check stock and held orders (kaspi-sync orders held).`,
  [AlertConditions.priceListRefused]: (f: PriceListFacts, kind) => kind === 'resolved'
    ? '✅ The price list is published again.'
    : `🧾 The price list was refused (${f.reason}); Kaspi keeps the previous one. See kaspi-sync feed diff; if the drop is real: kaspi-sync feed publish --accept-drop`,
  [DAILY_SUMMARY]: (f: DailySummaryFacts) =>
    `📊 ${f.date}: ${f.accepted} accepted, ${f.held} held, ${f.cancelled} cancelled; merchant-fault cancellations over 30 days ${percent(f.share)}; ${f.waybillsMissing} waybill(s) missing.`,
};

const ru: Texts = {
  [AlertConditions.orderHeld]: (f: HeldOrderFacts, kind, now) => kind === 'resolved'
    ? `✅ Заказ ${f.orderCode} больше не задержан.`
    : `${kind === 'reminder' ? '⏰ Напоминание: заказ' : '⚠️ Заказ'} ${f.orderCode} задержан на складе ${f.warehouse}: ${f.reason}. ${heldDeadline(f, now, 'ru')} Устраните причину (добавьте остаток, товар или склад в KASPI_WAREHOUSE_MAP) и выполните: kaspi-sync order retry ${f.orderCode}`,
  [AlertConditions.heldDeadlineNear]: (f: HeldOrderFacts, kind, now) => kind === 'resolved'
    ? `✅ Заказ ${f.orderCode}: срок больше не под угрозой.`
    : `🔥 Заказ ${f.orderCode} всё ещё задержан (${f.reason}). ${heldDeadline(f, now, 'ru')} Примите его сейчас или устраните причину и выполните: kaspi-sync order retry ${f.orderCode}`,
  [AlertConditions.waybillMissing]: (f: WaybillFacts, kind) => kind === 'resolved'
    ? `✅ Заказ ${f.orderCode}: накладная сохранена.`
    : `📦 У заказа ${f.orderCode} (${f.warehouse}) нет накладной через ${f.minutesSinceAccepted} мин после принятия. Проверьте заказ в кабинете Kaspi (подпись покупателя, сборка); kaspi-sync order show ${f.orderCode}`,
  [AlertConditions.tokenRejected]: (f: TokenFacts, kind) => kind === 'resolved'
    ? '✅ Kaspi снова принимает API-токен.'
    : `⛔ Kaspi отклонил API-токен (шаг ${f.step}): синхронизация стоит. Получите новый токен в кабинете Kaspi (Настройки → API-токен), запишите в KASPI_AUTH_TOKEN и перезапустите worker.`,
  [AlertConditions.syncStepFailing]: (f: SyncStepFacts, kind) => kind === 'resolved'
    ? `✅ Шаг синхронизации «${f.step}» снова работает.`
    : `❗ Шаг синхронизации «${f.step}» не удался в ${f.runs} запусках подряд${f.lastError ? ` (последняя ошибка: ${f.lastError})` : ''}. Смотрите kaspi-sync schedule describe и неудачные запуски в Temporal Web UI.`,
  [AlertConditions.scheduleMissingTicks]: (f: ScheduleFacts, kind) => kind === 'resolved'
    ? `✅ Расписание ${f.scheduleId} снова запускает синхронизацию.`
    : `⏸ Расписание ${f.scheduleId} не запускало синхронизацию ${f.minutesSinceLastRun} мин (интервал ${f.intervalMinutes} мин). Проверьте, что worker запущен, и выполните: kaspi-sync schedule describe`,
  [AlertConditions.kaspiUnreachable]: (f: UnreachableFacts, kind) => kind === 'resolved'
    ? '✅ Kaspi снова отвечает.'
    : `🌐 Kaspi не отвечает ${f.minutes} мин (${f.lastProblem}). Новые заказы ждут, а срок принятия Kaspi идёт. Проверьте сеть и доступность Kaspi.`,
  [AlertConditions.cancellationShareWarning]: (f: CancellationShareFacts, kind) => kind === 'resolved'
    ? `✅ Доля отмен по вине магазина снова ниже ${percent(f.threshold)}.`
    : `⚠️ Отмены по вине магазина за 30 дней: ${percent(f.share)} (${f.cancelled} из ${f.orders}). Выше 5 % Kaspi отключает магазин на 7 дней. Держите остатки актуальными и быстро решайте задержанные заказы.`,
  [AlertConditions.cancellationShareCritical]: (f: CancellationShareFacts, kind) => kind === 'resolved'
    ? `✅ Доля отмен по вине магазина снова ниже ${percent(f.threshold)}.`
    : `🚨 Отмены по вине магазина за 30 дней: ${percent(f.share)} (${f.cancelled} из ${f.orders}) — на пределе Kaspi в 5 %: магазину грозит отключение на 7 дней. Остановите отмены: проверьте остатки и задержанные заказы (kaspi-sync orders held).`,
  [AlertConditions.priceListRefused]: (f: PriceListFacts, kind) => kind === 'resolved'
    ? '✅ Прайс-лист снова публикуется.'
    : `🧾 Прайс-лист не опубликован (${f.reason}); Kaspi продаёт по предыдущему. Смотрите kaspi-sync feed diff; если падение настоящее: kaspi-sync feed publish --accept-drop`,
  [DAILY_SUMMARY]: (f: DailySummaryFacts) =>
    `📊 ${f.date}: принято ${f.accepted}, задержано ${f.held}, отменено ${f.cancelled}; отмены по вине магазина за 30 дней ${percent(f.share)}; без накладной: ${f.waybillsMissing}.`,
};

export function alertMessage(input: AlertMessageInput, language: AlertLanguage): string {
  const texts = language === 'ru' ? ru : en;
  const render = texts[input.condition];
  if (!render) return `${input.condition} (${input.kind})`;
  return (render as (facts: AlertFacts, kind: NotificationKind | 'summary', now: number) => string)(input.facts, input.kind, input.now);
}

export function parseAlertLanguage(value: string | undefined): AlertLanguage {
  const normalised = (value ?? 'ru').trim().toLowerCase();
  if (normalised === 'ru' || normalised === 'en') return normalised;
  throw new Error(`ALERT_LANGUAGE must be ru or en, not "${value}"`);
}
