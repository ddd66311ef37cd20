#pragma once

#include <QWidget>

#include <functional>
#include <optional>

class QGroupBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace ddalab::monitor {

class AccountAdmin;

// The accounts and sessions tab: the accounts table with Add, Disable/Enable, Reset password,
// Remove and Refresh, and below it the sessions (all, or the selected account's) with Revoke.
// Removing and revoking ask for confirmation; adding and resetting ask for a password twice.
// When the broker does not log in with accounts, a banner says so above the table. What the
// broker answered to an action shows below the buttons.
class AccountsPane : public QWidget
{
    Q_OBJECT
public:
    // Asks a yes/no question.
    using Confirm = std::function<bool(const QString &title, const QString &question)>;
    struct NewPassword
    {
        QString userId;
        QString password;
    };
    // Asks for a password (and, when userId is empty, a user id); nullopt when cancelled.
    using AskPassword =
        std::function<std::optional<NewPassword>(const QString &title, const QString &userId)>;

    explicit AccountsPane(AccountAdmin &admin, QWidget *parent = nullptr);

    // The window uses message boxes and PasswordDialog; tests answer themselves.
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void setAskPassword(AskPassword askPassword) { m_askPassword = std::move(askPassword); }

    // Selects userId's row (the sessions below then show its sessions); empty selects none.
    void selectAccount(const QString &userId);

    QTableView *accountsView() const { return m_accountsView; }
    QTableView *sessionsView() const { return m_sessionsView; }
    // The banner's text; empty while the broker logs in with its accounts.
    QString modeNotice() const;
    // The last action's outcome, as shown.
    QString message() const;

private:
    QWidget *makeAccountsBox();
    QWidget *makeSessionsBox();
    QPushButton *makeButton(const QString &text, const QString &name, void (AccountsPane::*slot)());
    void addAccount();
    void toggleDisabled();
    void resetPassword();
    void removeAccount();
    void revokeSession();
    void refresh();
    void showAllSessions();
    // The user id of the selected account, or empty.
    QString selectedUser() const { return m_selectedUser; }
    int selectedSessionRow() const;
    void updateSelection();
    void updateModeNotice();
    void updateSessionsTitle();
    void showMessage(bool succeeded, const QString &message);

    AccountAdmin &m_admin;
    Confirm m_confirm;
    AskPassword m_askPassword;
    QSortFilterProxyModel *m_accountsProxy;
    QSortFilterProxyModel *m_sessionsProxy;
    QLabel *m_modeNotice = nullptr;
    QLabel *m_message = nullptr;
    QTableView *m_accountsView = nullptr;
    QTableView *m_sessionsView = nullptr;
    QGroupBox *m_accountsBox = nullptr;
    QGroupBox *m_sessionsBox = nullptr;
    QPushButton *m_disable = nullptr;
    QPushButton *m_reset = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_revoke = nullptr;
    QPushButton *m_allSessions = nullptr;
    QString m_selectedUser; // kept across the lists' resets, which clear the view's selection
};

} // namespace ddalab::monitor
