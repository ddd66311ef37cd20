#pragma once

#include "Config.h"
#include "ConfigError.h"

#include <QProcessEnvironment>
#include <QStringList>

#include <variant>

namespace ddalab {

// What the command line asked for besides running.
struct ConfigAction
{
    enum Kind { ShowHelp, ShowVersion } kind;
    QString text;
};

using ConfigResult = std::variant<Config, ConfigAction, ConfigError>;

class ConfigParser
{
public:
    // arguments include the program name, as QCoreApplication::arguments() gives them. A value
    // comes from the command line, else from CONFIG_FILE (read now), else from the environment.
    static ConfigResult parse(const QStringList &arguments, const QProcessEnvironment &environment);

    // The embedded database's folder when DATA_DIR is unset.
    static QString defaultDataDir(const QProcessEnvironment &environment);
};

} // namespace ddalab
