package beginibridge.settings;

/**
 * A setting the bridge will not start with, said as the operator needs it: which setting, what is wrong with its value
 * and how to fix it, on one line. The value itself is named only where it cannot be a secret.
 */
public final class SettingProblem extends IllegalArgumentException {

    /** {@code problem} follows the setting's name in the line ("must be ...", "is ..."), {@code fix} follows a ';'. */
    public SettingProblem(String setting, String problem, String fix) {
        super(setting + " " + problem + "; " + fix);
    }
}
