#pragma once

#include "ConnectionSettings.h"

#include <QMainWindow>
#include <QTimer>

#include <functional>

class QAction;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace ddalab::monitor {

class AccountsPane;
class AuditPane;
class ConnectionStore;
class InstitutionPanel;
class MonitorSession;
class ReplicasPane;
class StatsPanel;

// The monitor's window: on its first tab stats and charts on top, online users and shares side
// by side with a filter each, the event log below; on its second the accounts and sessions
// (AccountsPane), then the audit trail (AuditPane), the institution's settings and the broker's
// replicas (ReplicasPane); connection
// state and latency in the status bar. It shows
// what the session's models hold, greys them out whenever they are not live, and turns context
// menu choices into session actions after a confirmation. No protocol code lives here.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Asks a yes/no question; the window uses QMessageBox, tests answer themselves.
    using Confirm = std::function<bool(const QString &title, const QString &question)>;

    // store may be null (kiosk use: nothing is remembered).
    MainWindow(MonitorSession &session, ConnectionStore *store, QWidget *parent = nullptr);

    // Also the accounts pane's.
    void setConfirm(Confirm confirm);

    // The context menu entries for a row of the users or shares table (a proxy index).
    QList<QAction *> userActions(const QModelIndex &index, QObject *parent);
    QList<QAction *> shareActions(const QModelIndex &index, QObject *parent);

    // Opens the connection dialog (filled in with `prefill`, else the current connection) and
    // connects to what it returns.
    void showConnectionDialog(const std::optional<ConnectionSettings> &prefill = std::nullopt);
    // Connects the session, forgetting the charts of the previous broker; false with the
    // reason when the certificate file is unusable.
    bool connectTo(const ConnectionSettings &connection, QString *error = nullptr);

    QTableView *usersView() const { return m_usersView; }
    QTableView *sharesView() const { return m_sharesView; }
    QTableView *eventsView() const { return m_eventsView; }
    QLineEdit *usersFilter() const { return m_usersFilter; }
    QLineEdit *sharesFilter() const { return m_sharesFilter; }
    StatsPanel *statsPanel() const { return m_stats; }
    AccountsPane *accountsPane() const { return m_accountsPane; }
    AuditPane *auditPane() const { return m_auditPane; }
    ReplicasPane *replicasPane() const { return m_replicasPane; }
    InstitutionPanel *institutionPanel() const { return m_institution; }
    QString statusText() const;

private:
    QWidget *makeUsersPane();
    QWidget *makeSharesPane();
    QWidget *makeEventsPane();
    QTableView *makeTable(QSortFilterProxyModel *proxy);
    void makeMenus();
    void showContextMenu(QTableView *view, const QPoint &position);
    void setLive(bool live);
    void refreshStatus();
    void refreshCounts();

    MonitorSession &m_session;
    ConnectionStore *m_store;
    Confirm m_confirm;
    QSortFilterProxyModel *m_usersProxy;
    QSortFilterProxyModel *m_sharesProxy;
    QTableView *m_usersView = nullptr;
    QTableView *m_sharesView = nullptr;
    QTableView *m_eventsView = nullptr;
    QLineEdit *m_usersFilter = nullptr;
    QLineEdit *m_sharesFilter = nullptr;
    QGroupBox *m_usersBox = nullptr;
    QGroupBox *m_sharesBox = nullptr;
    StatsPanel *m_stats = nullptr;
    AccountsPane *m_accountsPane = nullptr;
    AuditPane *m_auditPane = nullptr;
    ReplicasPane *m_replicasPane = nullptr;
    InstitutionPanel *m_institution = nullptr;
    QLabel *m_stateLabel;
    QLabel *m_latencyLabel;
    QTimer m_statusTimer;
};

} // namespace ddalab::monitor
