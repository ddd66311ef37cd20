#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace ddalab {

struct Config;

// What the broker announces by mDNS: the service type the DDALAB desktop browses for, an
// instance name, the port, and the TXT keys the desktop reads: version, institution (the stored
// institution name, when it is not empty), auth_required, tls, and auth_hash only when the
// operator sets DISCOVERY_AUTH_PASSWORD.
struct DiscoveryRecord
{
    static constexpr const char *serviceType = "_ddalab-broker._tcp";

    QString name;
    quint16 port = 0;
    QList<std::pair<QByteArray, QByteArray>> txt;

    static DiscoveryRecord describe(const Config &config, quint16 port, const QString &version,
                                    const QString &hostName, const QString &institutionName);
};

} // namespace ddalab
