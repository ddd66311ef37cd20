#pragma once

#include <QHash>
#include <QString>

#include <optional>

namespace ddalab {

// A file of KEY=VALUE lines, the format systemd's EnvironmentFile= and Docker's env_file read:
// blank lines and lines starting with '#' are skipped, "export " before a key is allowed, and
// a value may be wrapped in single quotes (taken literally) or double quotes (where \" \\ \$
// and \` stand for the character). CONFIG_FILE is read this way at start and on SIGHUP.
class EnvFile
{
public:
    // The file's values by key; nullopt with the reason (naming the line) when it cannot be
    // read or a line is not KEY=VALUE.
    static std::optional<QHash<QString, QString>> read(const QString &path, QString *error);
    static std::optional<QHash<QString, QString>> parse(const QString &text, QString *error);
};

} // namespace ddalab
