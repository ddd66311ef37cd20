#include "ConnectionStore.h"

#include "MonitorLog.h"

#include <QSettings>
#include <qt6keychain/keychain.h>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;

namespace {

const QString kService = u"ddalab-broker-monitor"_s;
const QString kTokenKey = u"admin-token"_s;
const QString kUrlSetting = u"connection/url"_s;
const QString kCaFileSetting = u"connection/ca_file"_s;
const QString kTokenSetting = u"connection/token"_s; // only without a keychain

} // namespace

ConnectionStore::ConnectionStore(QSettings &settings, bool useKeychain, QObject *parent)
    : QObject(parent), m_settings(settings), m_useKeychain(useKeychain),
      m_place(useKeychain ? TokenPlace::Unknown : TokenPlace::SettingsFile)
{
}

QString ConnectionStore::tokenPlaceText() const
{
    switch (m_place) {
    case TokenPlace::Keychain:
        return u"The token is kept in the system keychain."_s;
    case TokenPlace::SettingsFile:
        return u"No keychain is available: the token is stored in plain text in %1."_s.arg(
            m_settings.fileName());
    case TokenPlace::Unknown:
        break;
    }
    return u"The token goes to the system keychain, or, without one, in plain text to %1."_s.arg(
        m_settings.fileName());
}

void ConnectionStore::load(std::function<void(std::optional<ConnectionSettings>)> done)
{
    const QUrl url = m_settings.value(kUrlSetting).toUrl();
    ConnectionSettings connection{url, m_settings.value(kTokenSetting).toString(),
                                  m_settings.value(kCaFileSetting).toString()};
    auto finish = [done, connection](const QString &keychainToken) mutable {
        if (!keychainToken.isEmpty())
            connection.token = keychainToken;
        done(connection.url.isValid() ? std::optional(connection) : std::nullopt);
    };
    if (!m_useKeychain) {
        finish({});
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setKey(kTokenKey);
    connect(job, &QKeychain::Job::finished, this, [this, job, finish](QKeychain::Job *) mutable {
        const bool answered =
            job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
        m_place = answered ? TokenPlace::Keychain : TokenPlace::SettingsFile;
        if (!answered)
            qCInfo(lcMonitor).noquote() << "no keychain:" << job->errorString();
        finish(job->error() == QKeychain::NoError ? job->textData() : QString());
    });
    job->start();
}

void ConnectionStore::save(const ConnectionSettings &connection,
                           std::function<void(TokenPlace)> done)
{
    m_settings.setValue(kUrlSetting, connection.url);
    m_settings.setValue(kCaFileSetting, connection.caFile);
    if (!m_useKeychain) {
        saveTokenInSettings(connection.token);
        done(m_place);
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(kService, this);
    job->setKey(kTokenKey);
    job->setTextData(connection.token);
    connect(job, &QKeychain::Job::finished, this,
            [this, job, token = connection.token, done](QKeychain::Job *) {
                if (job->error() == QKeychain::NoError) {
                    m_place = TokenPlace::Keychain;
                    m_settings.remove(kTokenSetting);
                    m_settings.sync();
                } else {
                    qCInfo(lcMonitor).noquote() << "no keychain:" << job->errorString();
                    saveTokenInSettings(token);
                }
                done(m_place);
            });
    job->start();
}

void ConnectionStore::saveTokenInSettings(const QString &token)
{
    m_place = TokenPlace::SettingsFile;
    m_settings.setValue(kTokenSetting, token);
    m_settings.sync();
}

void ConnectionStore::forget()
{
    m_settings.remove(kUrlSetting);
    m_settings.remove(kCaFileSetting);
    m_settings.remove(kTokenSetting);
    m_settings.sync();
    if (!m_useKeychain)
        return;
    auto *job = new QKeychain::DeletePasswordJob(kService, this);
    job->setKey(kTokenKey);
    job->start(); // deletes itself when finished
}

} // namespace ddalab::monitor
