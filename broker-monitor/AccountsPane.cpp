#include "AccountsPane.h"

#include "AccountAdmin.h"
#include "MonitorRoles.h"
#include "PasswordDialog.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;

namespace {

QSortFilterProxyModel *makeProxy(QAbstractItemModel *source, QObject *parent)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(source);
    proxy->setSortRole(SortRole);
    return proxy;
}

QTableView *makeTable(QSortFilterProxyModel *proxy, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->sortByColumn(0, Qt::AscendingOrder);
    return view;
}

} // namespace

AccountsPane::AccountsPane(AccountAdmin &admin, QWidget *parent)
    : QWidget(parent), m_admin(admin),
      m_confirm([this](const QString &title, const QString &question) {
          return QMessageBox::question(this, title, question) == QMessageBox::Yes;
      }),
      m_askPassword(
          [this](const QString &title, const QString &userId) -> std::optional<NewPassword> {
              PasswordDialog dialog(title, userId, this);
              if (dialog.exec() != QDialog::Accepted)
                  return std::nullopt;
              return NewPassword{dialog.userId(), dialog.password()};
          }),
      m_accountsProxy(makeProxy(&admin.accounts(), this)),
      m_sessionsProxy(makeProxy(&admin.sessions(), this))
{
    m_sessionsProxy->setFilterKeyColumn(SessionsModel::User);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(makeAccountsBox());
    splitter->addWidget(makeSessionsBox());
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(&m_admin, &AccountAdmin::accountsChanged, this, [this] {
        updateModeNotice();
        m_accountsBox->setTitle(u"Accounts (%1)"_s.arg(m_admin.accounts().rowCount()));
        selectAccount(m_selectedUser);
    });
    connect(&m_admin, &AccountAdmin::sessionsChanged, this, [this] {
        updateSessionsTitle();
        updateSelection();
    });
    connect(&m_admin, &AccountAdmin::actionFinished, this, &AccountsPane::showMessage);
    updateModeNotice();
    updateSessionsTitle();
    updateSelection();
}

QWidget *AccountsPane::makeAccountsBox()
{
    m_accountsBox = new QGroupBox(u"Accounts"_s, this);
    m_modeNotice = new QLabel(m_accountsBox);
    m_modeNotice->setWordWrap(true);
    m_modeNotice->setStyleSheet(u"background: #fff8e1; padding: 6px"_s);
    m_accountsView = makeTable(m_accountsProxy, m_accountsBox);
    connect(m_accountsView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QModelIndexList rows = m_accountsView->selectionModel()->selectedRows();
        m_selectedUser = rows.isEmpty() ? QString() : rows.first().data(KeyRole).toString();
        updateSelection();
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(makeButton(u"Add…"_s, u"addAccount"_s, &AccountsPane::addAccount));
    m_disable = makeButton(u"Disable"_s, u"toggleDisabled"_s, &AccountsPane::toggleDisabled);
    m_reset = makeButton(u"Reset password…"_s, u"resetPassword"_s, &AccountsPane::resetPassword);
    m_remove = makeButton(u"Remove…"_s, u"removeAccount"_s, &AccountsPane::removeAccount);
    for (QPushButton *button : {m_disable, m_reset, m_remove})
        buttons->addWidget(button);
    buttons->addStretch();
    buttons->addWidget(makeButton(u"Refresh"_s, u"refresh"_s, &AccountsPane::refresh));
    m_message = new QLabel(m_accountsBox);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(m_accountsBox);
    layout->addWidget(m_modeNotice);
    layout->addWidget(m_accountsView);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    return m_accountsBox;
}

QWidget *AccountsPane::makeSessionsBox()
{
    m_sessionsBox = new QGroupBox(this);
    m_sessionsView = makeTable(m_sessionsProxy, m_sessionsBox);
    connect(m_sessionsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AccountsPane::updateSelection);
    auto *buttons = new QHBoxLayout;
    m_revoke = makeButton(u"Revoke…"_s, u"revokeSession"_s, &AccountsPane::revokeSession);
    m_allSessions =
        makeButton(u"Show all sessions"_s, u"allSessions"_s, &AccountsPane::showAllSessions);
    buttons->addWidget(m_revoke);
    buttons->addStretch();
    buttons->addWidget(m_allSessions);
    auto *layout = new QVBoxLayout(m_sessionsBox);
    layout->addWidget(m_sessionsView);
    layout->addLayout(buttons);
    return m_sessionsBox;
}

QPushButton *AccountsPane::makeButton(const QString &text, const QString &name,
                                      void (AccountsPane::*slot)())
{
    auto *button = new QPushButton(text, this);
    button->setObjectName(name);
    connect(button, &QPushButton::clicked, this, slot);
    return button;
}

QString AccountsPane::modeNotice() const
{
    return m_modeNotice->isHidden() ? QString() : m_modeNotice->text();
}

QString AccountsPane::message() const
{
    return m_message->text();
}

void AccountsPane::addAccount()
{
    const auto entry = m_askPassword(u"Add an account"_s, QString());
    if (entry)
        m_admin.createAccount(entry->userId, entry->password);
}

void AccountsPane::toggleDisabled()
{
    const int row = m_admin.accounts().rowOf(selectedUser());
    if (row < 0)
        return;
    const Account &account = m_admin.accounts().accountAt(row).account;
    m_admin.setDisabled(account.userId, !account.disabled);
}

void AccountsPane::resetPassword()
{
    const QString userId = selectedUser();
    if (userId.isEmpty())
        return;
    const auto entry = m_askPassword(u"Reset the password of %1"_s.arg(userId), userId);
    if (entry)
        m_admin.setPassword(userId, entry->password);
}

void AccountsPane::removeAccount()
{
    const QString userId = selectedUser();
    if (!userId.isEmpty() &&
        m_confirm(u"Remove account"_s,
                  u"Remove the account %1? Its sessions end now and its desktops are "
                  "disconnected; it cannot log in again until it is added anew."_s.arg(userId)))
        m_admin.removeAccount(userId);
}

void AccountsPane::revokeSession()
{
    const int row = selectedSessionRow();
    if (row < 0)
        return;
    const LoginSession &session = m_admin.sessions().sessionAt(row).session;
    const QString where = session.endpoint.isEmpty() ? session.clientAddress : session.endpoint;
    if (m_confirm(u"Revoke session"_s,
                  u"End the session of %1 from %2? Its desktops are disconnected now and must "
                  "log in again."_s.arg(session.userId, where)))
        m_admin.revokeSession(session.sessionId, session.userId);
}

void AccountsPane::refresh()
{
    m_admin.refresh();
}

void AccountsPane::showAllSessions()
{
    selectAccount(QString());
}

void AccountsPane::selectAccount(const QString &userId)
{
    const int row = m_admin.accounts().rowOf(userId);
    if (row < 0) {
        m_accountsView->clearSelection();
        m_selectedUser.clear();
    } else {
        const QModelIndex index = m_accountsProxy->mapFromSource(m_admin.accounts().index(row, 0));
        m_accountsView->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                            QItemSelectionModel::Rows);
        m_selectedUser = userId;
    }
    updateSelection();
}

int AccountsPane::selectedSessionRow() const
{
    const QModelIndexList rows = m_sessionsView->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : m_admin.sessions().rowOf(rows.first().data(KeyRole).toString());
}

void AccountsPane::updateSelection()
{
    const QString userId = selectedUser();
    const int row = m_admin.accounts().rowOf(userId);
    const bool selected = row >= 0;
    m_disable->setEnabled(selected);
    m_disable->setText(selected && m_admin.accounts().accountAt(row).account.disabled
                           ? u"Enable"_s
                           : u"Disable"_s);
    m_reset->setEnabled(selected);
    m_remove->setEnabled(selected);
    // The sessions below follow the selected account, or show everybody's.
    m_sessionsProxy->setFilterRegularExpression(
        selected ? QRegularExpression(u"^%1$"_s.arg(QRegularExpression::escape(userId)))
                 : QRegularExpression());
    m_allSessions->setEnabled(selected);
    m_revoke->setEnabled(selectedSessionRow() >= 0);
    updateSessionsTitle();
}

void AccountsPane::updateModeNotice()
{
    const std::optional<bool> inUse = m_admin.accountsInUse();
    m_modeNotice->setText(
        u"This broker does not log desktops in with these accounts: it runs without "
        "AUTH_MODE=password and PASSWORD_SOURCE=accounts. Accounts added here are kept for when "
        "it does; the sessions below are those its logins opened."_s);
    m_modeNotice->setVisible(inUse.has_value() && !*inUse);
}

void AccountsPane::updateSessionsTitle()
{
    const QString userId = selectedUser();
    const int shown = m_sessionsProxy->rowCount();
    m_sessionsBox->setTitle(userId.isEmpty() ? u"All sessions (%1)"_s.arg(shown)
                                             : u"Sessions of %1 (%2)"_s.arg(userId).arg(shown));
}

void AccountsPane::showMessage(bool succeeded, const QString &message)
{
    m_message->setStyleSheet(succeeded ? QString() : u"color: #c62828"_s);
    m_message->setText(succeeded ? u"Done: "_s + message : message);
}

} // namespace ddalab::monitor
