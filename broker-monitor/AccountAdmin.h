#pragma once

#include "AccountsModel.h"
#include "SessionsModel.h"
#include "protocol/Messages.h"

#include <QHash>
#include <QObject>

#include <optional>

namespace ddalab {
class BrokerClient;
}

namespace ddalab::monitor {

// The accounts and sessions of the broker a BrokerClient is connected to, for the accounts pane:
// asks for both lists, keeps AccountsModel and SessionsModel filled from the answers, and carries
// out account and session actions, asking for fresh lists after each one that succeeds. The
// broker pushes no account events, so the lists are as of the last refresh().
class AccountAdmin : public QObject
{
    Q_OBJECT
public:
    explicit AccountAdmin(BrokerClient &client, QObject *parent = nullptr);

    AccountsModel &accounts() { return m_accounts; }
    SessionsModel &sessions() { return m_sessions; }
    // Whether the broker logs desktops in with these accounts (AUTH_MODE=password with
    // PASSWORD_SOURCE=accounts); nullopt until it answered a list.
    std::optional<bool> accountsInUse() const { return m_accountsInUse; }

    // Asks for both lists again.
    void refresh();
    // Forgets everything (another broker).
    void clear();

    // Each ends in actionFinished(). Passwords go to the broker only, never into a message.
    void createAccount(const QString &userId, const QString &password);
    void setPassword(const QString &userId, const QString &password);
    void setDisabled(const QString &userId, bool disabled);
    void removeAccount(const QString &userId);
    void revokeSession(const QString &sessionId, const QString &userId);

signals:
    // A list arrived (or the lists were cleared).
    void accountsChanged();
    void sessionsChanged();
    // An action or a list request is done; message says what, and why it failed.
    void actionFinished(bool succeeded, const QString &message);

private:
    void act(const protocol::Request &request, const QString &action);
    void onAccountList(const protocol::AccountList &list, const QString &messageId);
    void onSessionList(const protocol::SessionList &list, const QString &messageId);
    void onAck(const QString &messageId);
    void onError(const protocol::Error &error, const QString &messageId);
    void onDisconnected();

    BrokerClient &m_client;
    AccountsModel m_accounts;
    SessionsModel m_sessions;
    std::optional<bool> m_accountsInUse;
    QString m_accountsRequest;
    QString m_sessionsRequest;
    QHash<QString, QString> m_pendingActions; // message id → what it does, for people
};

} // namespace ddalab::monitor
