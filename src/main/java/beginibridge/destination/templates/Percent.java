package beginibridge.destination.templates;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.Function;

/**
 * The templates' {@code {{#percent}}...{{/percent}}}: Begini sends a share as a decimal fraction in a string
 * ("0.333333333333333"), which a loan officer should read as "33 %". What is not a number from 0 to 1 is shown as
 * it came, so an odd value is never hidden or turned into a wrong figure.
 */
final class Percent implements Function<String, String> {

    @Override
    public String apply(String rendered) {
        String text = rendered.strip();
        BigDecimal fraction;
        try {
            fraction = new BigDecimal(text);
        } catch (NumberFormatException notANumber) {
            return rendered;
        }
        if (fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            return rendered;
        }
        return fraction.movePointRight(2).setScale(0, RoundingMode.HALF_UP).toPlainString() + " %";
    }
}
