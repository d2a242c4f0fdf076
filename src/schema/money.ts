import { badInput } from '../domain/errors.js';
import { amountString, formatMoney, minorUnitsOf, type Money } from '../domain/money.js';
import { builder } from './builder.js';
import { Decimal } from '../domain/decimal.js';

export const MoneyType = builder.objectRef<Money>('Money').implement({
  description: 'An exact amount of money. `amount` is a decimal string in major units ("10.50").',
  fields: (t) => ({
    amount: t.field({
      type: 'Decimal',
      description: 'Major units, with at least the currency\'s number of decimal places ("10.50" USD, "1500" JPY, "1.250" KWD).',
      resolve: (money) => Decimal.parse(amountString(money)),
    }),
    currency: t.exposeString('currency', { description: 'ISO-4217 code, upper case.' }),
    minorUnits: t.string({
      nullable: true,
      description: 'The amount as an integer count of minor units ("1050" for 10.50 USD); null when it has finer digits.',
      resolve: (money) => minorUnitsOf(money),
    }),
    formatted: t.string({
      args: { locale: t.arg.string({ required: false, description: 'BCP-47 locale, default en-US.' }) },
      description:
        'For display only, e.g. "$10.50" or "¥1,500". Shows every digit up to 20 decimal places (rounded beyond; `amount` is always exact).',
      resolve: (money, { locale }) => {
        try {
          return formatMoney(money, locale ?? undefined);
        } catch {
          throw badInput(`\`locale\` ${JSON.stringify(locale)} is not a locale this server can format for`, ['locale']);
        }
      },
    }),
  }),
});
