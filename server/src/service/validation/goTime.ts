/**
 * Go's `time.Parse(time.RFC3339, value)`, as `metav1.Time.UnmarshalJSON` decodes `creationTimestamp` and the other
 * times of ObjectMeta: undefined when it parses, else Go's error text (`parsing time "x" as
 * "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`). The layout's elements in order, each parsed as Go's
 * general parser does: a 4-digit year, 2-digit month and day, a 1- or 2-digit hour, 2-digit minutes and seconds,
 * optional fractional seconds, then `Z` or `±hh:mm`; then the day is checked against the month.
 */
export function goRfc3339Error(value: string): string | undefined {
  const LAYOUT = '2006-01-02T15:04:05Z07:00';
  const cannotParse = (rest: string, element: string): string =>
    `parsing time ${goQuote(value)} as ${goQuote(LAYOUT)}: cannot parse ${goQuote(rest)} as ${goQuote(element)}`;
  const outOfRange = (what: string): string => `parsing time ${goQuote(value)}: ${what} out of range`;
  let rest = value;
  const literal = (text: string): boolean => {
    if (!rest.startsWith(text)) return false;
    rest = rest.slice(text.length);
    return true;
  };
  /** `getnum`: one or two digits (exactly two when `fixed`). */
  const number = (fixed: boolean): number | undefined => {
    if (!isDigit(rest, 0)) return undefined;
    if (!isDigit(rest, 1)) {
      if (fixed) return undefined;
      const n = Number(rest[0]);
      rest = rest.slice(1);
      return n;
    }
    const n = Number(rest.slice(0, 2));
    rest = rest.slice(2);
    return n;
  };

  let hold = rest;
  if (rest.length < 4 || !/^\d{4}/.test(rest)) return cannotParse(hold, '2006');
  const year = Number(rest.slice(0, 4));
  rest = rest.slice(4);
  if (!literal('-')) return cannotParse(rest, '-');
  hold = rest;
  const month = number(true);
  if (month === undefined) return cannotParse(hold, '01');
  if (month <= 0 || month > 12) return outOfRange('month');
  if (!literal('-')) return cannotParse(rest, '-');
  hold = rest;
  const day = number(true);
  if (day === undefined) return cannotParse(hold, '02');
  if (!literal('T')) return cannotParse(rest, 'T');
  hold = rest;
  const hour = number(false);
  if (hour === undefined) return cannotParse(hold, '15');
  if (hour >= 24) return outOfRange('hour');
  if (!literal(':')) return cannotParse(rest, ':');
  hold = rest;
  const minute = number(true);
  if (minute === undefined) return cannotParse(hold, '04');
  if (minute >= 60) return outOfRange('minute');
  if (!literal(':')) return cannotParse(rest, ':');
  hold = rest;
  const second = number(true);
  if (second === undefined) return cannotParse(hold, '05');
  if (second >= 60) return outOfRange('second');
  // Fractional seconds, which the layout does not show but Go accepts after the seconds.
  if (rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && isDigit(rest, 1)) {
    let n = 2;
    while (n < rest.length && isDigit(rest, n)) n++;
    if (n - 1 > 9) return `parsing time ${goQuote(value)}: fractional second out of range`;
    rest = rest.slice(n);
  }
  hold = rest;
  if (rest.startsWith('Z')) {
    rest = rest.slice(1);
  } else {
    if (rest.length < 6 || rest[3] !== ':' || (rest[0] !== '+' && rest[0] !== '-') || !/^\d\d$/.test(rest.slice(1, 3)) || !/^\d\d$/.test(rest.slice(4, 6)))
      return cannotParse(hold, 'Z07:00');
    if (Number(rest.slice(1, 3)) > 24) return outOfRange('time zone offset hour');
    if (Number(rest.slice(4, 6)) > 60) return outOfRange('time zone offset minute');
    rest = rest.slice(6);
  }
  if (rest.length > 0) return `parsing time ${goQuote(value)}: extra text: ${goQuote(rest)}`;
  if (day < 1 || day > daysIn(month, year)) return `parsing time ${goQuote(value)}: day out of range`;
  return undefined;
}

function isDigit(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 48 && code <= 57;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Go's `%q` for the strings of time errors (`strconv.Quote`, close enough for messages: JSON's escapes). */
function goQuote(text: string): string {
  return JSON.stringify(text);
}
