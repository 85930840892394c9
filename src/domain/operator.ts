// A dashboard operator (the people who administer tenants).

export interface Operator {
  id: string;
  email: string;
  passwordHash: string;
  createdAt: Date;
}
