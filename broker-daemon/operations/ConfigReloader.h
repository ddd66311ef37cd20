#pragma once

#include "config/Config.h"

#include <QMap>
#include <QProcessEnvironment>
#include <QStringList>

namespace ddalab {

class BrokerServer;

// SIGHUP: reads the settings again (the command line and environment the daemon started with,
// CONFIG_FILE as it is now), applies those that may change while running (Qt logging rules,
// limits, the heartbeat timeout, the TLS certificate and key files, which are re-read even
// when their names stay) and names in the log those that only a restart applies. Settings that
// do not parse change nothing.
class ConfigReloader
{
public:
    ConfigReloader(const Config &running, QStringList arguments, QProcessEnvironment environment,
                   BrokerServer &server);

    // False when the settings did not parse (the running ones stay).
    bool reload();
    const Config &running() const { return m_running; }

    // The settings that take effect on SIGHUP, by variable name.
    static const QStringList &reloadableSettings();

private:
    // Every setting the reloader compares, as text (secrets included: never logged).
    static QMap<QString, QString> comparableValues(const Config &config);

    Config m_running;
    QStringList m_arguments;
    QProcessEnvironment m_environment;
    BrokerServer &m_server;
};

} // namespace ddalab
