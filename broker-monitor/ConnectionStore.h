#pragma once

#include "ConnectionSettings.h"

#include <QObject>

#include <functional>

class QSettings;

namespace ddalab::monitor {

// Remembers the connection between runs: the URL and certificate file in QSettings, the admin
// token in the platform's keychain (QtKeychain: Secret Service, KWallet, macOS Keychain,
// Windows Credential Store) when one answers, otherwise in the settings file in plain text,
// which tokenPlaceText() says in so many words. Keychain calls are asynchronous.
class ConnectionStore : public QObject
{
    Q_OBJECT
public:
    enum class TokenPlace { Unknown, Keychain, SettingsFile };

    // useKeychain false keeps the token in the settings file without asking a keychain (tests).
    ConnectionStore(QSettings &settings, bool useKeychain, QObject *parent = nullptr);

    // What is remembered, or nullopt. Also finds out whether a keychain answers.
    void load(std::function<void(std::optional<ConnectionSettings>)> done);
    void save(const ConnectionSettings &connection, std::function<void(TokenPlace)> done);
    void forget();

    TokenPlace tokenPlace() const { return m_place; }
    // Where a saved token goes, for the connection dialog.
    QString tokenPlaceText() const;

private:
    void saveTokenInSettings(const QString &token);

    QSettings &m_settings;
    bool m_useKeychain;
    TokenPlace m_place = TokenPlace::Unknown;
};

} // namespace ddalab::monitor
