#pragma once

#include "protocol/MonitorMessages.h"

#include <QAbstractTableModel>
#include <QList>

namespace ddalab::monitor {

// The broker's accounts as its last account_list gave them: user, state, created, last login
// ("never" before the first) and open sessions. Replaced as a whole by each list; the broker
// pushes no account events.
class AccountsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { User, State, Created, LastLogin, OpenSessions, ColumnCount };

    explicit AccountsModel(QObject *parent = nullptr);

    void reset(const QList<protocol::AccountEntry> &accounts);
    void clear() { reset({}); }

    // The row of userId, or -1.
    int rowOf(const QString &userId) const;
    const protocol::AccountEntry &accountAt(int row) const { return m_accounts.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant displayValue(const protocol::AccountEntry &entry, int column) const;

    QList<protocol::AccountEntry> m_accounts;
};

} // namespace ddalab::monitor
