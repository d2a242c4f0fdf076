import { badInput } from '../domain/errors.js';
import { amountAtMinorScale, formatMoney, minorUnitsOf, type Money } from '../domain/money.js';
import { builder } from './builder.js';
import { MoneyPrecisionEnum } from './enums.js';

export const MoneyType = builder.objectRef<Money>('Money').implement({
  description: 'An exact amount of money. `amount` is a decimal string in major units ("10.50").',
  fields: (t) => ({
    amount: t.field({
      type: 'Decimal',
      description: 'Major units, with at least the currency\'s number of decimal places ("10.50" USD, "1500" JPY, "1.250" KWD).',
      resolve: (money) => amountAtMinorScale(money),
    }),
    currency: t.exposeString('currency', { description: 'ISO-4217 code, upper case.' }),
    minorUnits: t.string({
      nullable: true,
      description: 'The amount as an integer count of minor units ("1050" for 10.50 USD); null when it has finer digits.',
      resolve: (money) => minorUnitsOf(money),
    }),
    formatted: t.string({
      args: {
        locale: t.arg.string({
          required: false,
          description: 'BCP-47 locale of the separators and symbol placement, e.g. "de-DE". Default "en-US".',
        }),
        precision: t.arg({
          type: MoneyPrecisionEnum,
          required: false,
          defaultValue: 'MINOR_UNIT',
          description: "How many decimal places to show. Default MINOR_UNIT: rounded half-even to the currency's minor unit.",
        }),
      },
      description:
        'The amount for display, e.g. "$10.50", "¥1,500" or "1.234,50 €". By default rounded half-even to the currency\'s minor unit ("$109.06" for 109.060178 USD); `precision: FULL` shows every digit. Never parse it: compute with `amount`.',
      resolve: (money, { locale, precision }) => {
        try {
          return formatMoney(money, locale ?? undefined, precision ?? 'MINOR_UNIT');
        } catch {
          throw badInput(`\`locale\` ${JSON.stringify(locale)} is not a locale this server can format for`, ['locale']);
        }
      },
    }),
  }),
});
